/**
 * How a photo sits in a pane: zoom, pan and rotation. Zoom is kept relative to "fit" so that
 * two panes with photos of different sizes, linked, show the same share of each photo;
 * "1:1" is its own mode, one image pixel per screen pixel, whatever the pane.
 */
export type Rotation = 0 | 90 | 180 | 270;

export interface ViewState {
  /** 'fit': the whole photo in the pane; 'actual': 1:1; 'zoom': `factor` × the fit scale. */
  mode: 'fit' | 'actual' | 'zoom';
  factor: number;
  /** Pan, in screen pixels from the pane's centre. */
  x: number;
  y: number;
  rotation: Rotation;
}

export const INITIAL_VIEW: ViewState = { mode: 'fit', factor: 1, x: 0, y: 0, rotation: 0 };
export const ZOOM_STEP = 1.25;
/** Scales beyond these show nothing more useful: a pixel as a 16-pixel block, or a photo as a stamp. */
export const MAX_SCALE = 16;
export const MIN_FACTOR = 0.25;

export interface Size {
  width: number;
  height: number;
}

/** The scale that shows the whole photo, turned, in the pane (never above 1: small photos stay sharp). */
export function fitScale(image: Size, pane: Size, rotation: Rotation): number {
  if (image.width <= 0 || image.height <= 0 || pane.width <= 0 || pane.height <= 0) return 1;
  const turned = rotation === 90 || rotation === 270;
  const w = turned ? image.height : image.width;
  const h = turned ? image.width : image.height;
  return Math.min(1, pane.width / w, pane.height / h);
}

/** Screen pixels per image pixel for this view of this photo in this pane. */
export function scaleOf(view: ViewState, image: Size, pane: Size): number {
  if (view.mode === 'actual') return 1;
  const fit = fitScale(image, pane, view.rotation);
  return view.mode === 'fit' ? fit : Math.min(MAX_SCALE, fit * view.factor);
}

/** Zoom by `step` (>1 in, <1 out) from what is shown now, keeping the pan proportional. */
export function zoomBy(view: ViewState, step: number, image: Size, pane: Size): ViewState {
  const fit = fitScale(image, pane, view.rotation);
  const current = scaleOf(view, image, pane) / fit;
  const factor = Math.max(MIN_FACTOR, Math.min(MAX_SCALE / fit, current * step));
  const ratio = factor / current;
  return { ...view, mode: 'zoom', factor, x: view.x * ratio, y: view.y * ratio };
}

export function fit(view: ViewState): ViewState {
  return { ...view, mode: 'fit', factor: 1, x: 0, y: 0 };
}

export function actualSize(view: ViewState): ViewState {
  return { ...view, mode: 'actual', factor: 1, x: 0, y: 0 };
}

export function rotate(view: ViewState, quarterTurns: 1 | -1): ViewState {
  return { ...view, rotation: (((view.rotation + quarterTurns * 90) % 360) + 360) % 360 as Rotation };
}

export function panBy(view: ViewState, dx: number, dy: number): ViewState {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** The CSS transform of the image, placed at the pane's centre. */
export function transformOf(view: ViewState, scale: number): string {
  return `translate(-50%, -50%) translate(${view.x}px, ${view.y}px) rotate(${view.rotation}deg) scale(${scale})`;
}
