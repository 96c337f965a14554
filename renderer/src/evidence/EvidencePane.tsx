import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceRef } from '../../../shared/domain';
import { useApi } from '../api/context';
import { panBy, scaleOf, transformOf, zoomBy, type Size, type ViewState } from './viewState';

export const isPhoto = (e: EvidenceRef) => e.mediaType.startsWith('image/');
export const isVideo = (e: EvidenceRef) => e.mediaType.startsWith('video/');

/** The pane's size, kept current as the window or the layout changes. */
function usePaneSize(): [React.RefObject<HTMLDivElement | null>, Size] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

export interface EvidencePaneProps {
  item: EvidenceRef | null;
  view: ViewState;
  onView: (next: ViewState) => void;
  /** Reports the photo and pane sizes, so the viewer's keys zoom from what this pane shows. */
  onMeasure?: (image: Size, pane: Size) => void;
  testId?: string;
}

/** One photo (zoomed, panned, turned) or one video, read from the console's cache as a file. */
export function EvidencePane({ item, view, onView, onMeasure, testId = 'viewer-pane' }: EvidencePaneProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [paneRef, pane] = usePaneSize();
  const [image, setImage] = useState<Size>({ width: 0, height: 0 });
  const [failed, setFailed] = useState(false);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const sha = item?.sha256 ?? null;

  useEffect(() => {
    setImage({ width: 0, height: 0 });
    setFailed(false);
  }, [sha]);
  useEffect(() => {
    if (image.width > 0) onMeasure?.(image, pane);
  }, [image, pane, onMeasure]);

  if (!item) return <div className="viewer-pane viewer-empty muted" data-testid={testId}>{t('evidenceViewer.empty')}</div>;
  const src = api.evidenceUrl(item.sha256, 'blob');

  if (isVideo(item)) {
    return (
      <div className="viewer-pane" ref={paneRef} data-testid={testId} data-sha={item.sha256} data-kind="video">
        {failed ? (
          <p className="muted">{t('evidenceViewer.videoFailed')}</p>
        ) : (
          <video className="viewer-video" data-testid="viewer-video" src={src} controls preload="metadata" onError={() => setFailed(true)} aria-label={item.caption} />
        )}
      </div>
    );
  }
  if (!isPhoto(item)) return <div className="viewer-pane viewer-empty muted" data-testid={testId} data-sha={item.sha256}>{item.caption}</div>;

  const scale = scaleOf(view, image, pane);
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const dx = e.clientX - drag.current.x;
    const dy = e.clientY - drag.current.y;
    drag.current = { x: e.clientX, y: e.clientY };
    onView(panBy(view, dx, dy));
  };
  return (
    <div
      className="viewer-pane"
      ref={paneRef}
      data-testid={testId}
      data-sha={item.sha256}
      data-kind="photo"
      data-scale={scale.toFixed(4)}
      data-rotation={view.rotation}
      data-mode={view.mode}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onWheel={(e) => onView(zoomBy(view, e.deltaY < 0 ? 1.1 : 1 / 1.1, image, pane))}
    >
      {failed ? (
        <p className="muted">{t('evidenceViewer.loadFailed')}</p>
      ) : (
        <img
          className="viewer-image"
          src={src}
          alt={item.caption}
          draggable={false}
          style={{ transform: transformOf(view, scale), visibility: image.width > 0 ? 'visible' : 'hidden' }}
          onLoad={(e) => setImage({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
          onError={() => setFailed(true)}
        />
      )}
      <span className="viewer-zoom mono small" aria-hidden="true">{t('evidenceViewer.zoom', { percent: Math.round(scale * 100) })}</span>
    </div>
  );
}
