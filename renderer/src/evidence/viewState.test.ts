import { describe, expect, it } from 'vitest';
import { INITIAL_VIEW, MAX_SCALE, actualSize, fit, fitScale, panBy, rotate, scaleOf, zoomBy } from './viewState';

const photo = { width: 4000, height: 3000 };
const pane = { width: 800, height: 600 };

describe('the view of a photo', () => {
  it('fits the whole photo, turned or not, and never enlarges a small one', () => {
    expect(fitScale(photo, pane, 0)).toBe(0.2);
    expect(fitScale(photo, pane, 90)).toBe(0.15);
    expect(fitScale({ width: 100, height: 50 }, pane, 0)).toBe(1);
  });

  it('zooms from what is shown, keeps the pan proportional, and stops at the bounds', () => {
    const z = zoomBy(INITIAL_VIEW, 2, photo, pane);
    expect(scaleOf(z, photo, pane)).toBeCloseTo(0.4);
    const panned = zoomBy(panBy(z, 10, -20), 2, photo, pane);
    expect([panned.x, panned.y]).toEqual([20, -40]);
    let far = INITIAL_VIEW;
    for (let i = 0; i < 40; i++) far = zoomBy(far, 2, photo, pane);
    expect(scaleOf(far, photo, pane)).toBe(MAX_SCALE);
    // From 1:1 a zoom continues from one image pixel per screen pixel.
    expect(scaleOf(zoomBy(actualSize(INITIAL_VIEW), 1.25, photo, pane), photo, pane)).toBeCloseTo(1.25);
  });

  it('the same relative zoom shows the same share of two photos of different sizes (linked panes)', () => {
    const z = zoomBy(INITIAL_VIEW, 3, photo, pane);
    const small = { width: 1000, height: 750 };
    expect(scaleOf(z, photo, pane) * photo.width).toBeCloseTo(scaleOf(z, small, pane) * small.width);
  });

  it('rotates in quarter turns both ways; fit and 1:1 reset the pan', () => {
    expect(rotate(INITIAL_VIEW, -1).rotation).toBe(270);
    expect(rotate(rotate(rotate(rotate(INITIAL_VIEW, 1), 1), 1), 1).rotation).toBe(0);
    expect(fit(panBy(zoomBy(INITIAL_VIEW, 2, photo, pane), 5, 5))).toMatchObject({ mode: 'fit', x: 0, y: 0 });
    expect(scaleOf(actualSize(INITIAL_VIEW), photo, pane)).toBe(1);
  });
});
