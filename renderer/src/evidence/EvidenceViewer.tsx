import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage, EvidenceRef, EvidenceParty, Order } from '../../../shared/domain';
import { useCommand } from '../shell/commands';
import { AroundPanel } from './AroundPanel';
import { EvidencePane, isPhoto } from './EvidencePane';
import { PhotoFactsPanel } from './PhotoFactsPanel';
import { INITIAL_VIEW, ZOOM_STEP, actualSize, fit, rotate, zoomBy, type Size, type ViewState } from './viewState';

export interface EvidenceViewerProps {
  caseId: string;
  evidence: readonly EvidenceRef[];
  /** The item opened first. */
  startAt: string;
  order: Order | null;
  chat: readonly ChatMessage[];
  onClose: () => void;
  /** Shown under each photo's facts: where a reuse flag for that photo goes (wired by the case view). */
  besideFacts?: (caseId: string, sha256: string) => ReactNode;
}

type Side = 'one' | 'buyer' | 'merchant';

const BLOCKED_WHILE_OPEN = ['next', 'prev', 'claim', 'release', 'focusForm', 'outcome', 'viewerOpen', 'toggleSelect', 'bulk', 'checkout'] as const;

/**
 * The arbiter's viewer: one pane that steps through all the evidence, or the buyer's and the
 * merchant's side by side with a linked zoom; each photo's facts beside it, the logistics
 * and the chat beside them. Every action has a key (keymap.ts, group "viewer").
 */
export function EvidenceViewer({ caseId, evidence, startAt, order, chat, onClose, besideFacts }: EvidenceViewerProps) {
  const { t } = useTranslation();
  const [compare, setCompare] = useState(false);
  const [linked, setLinked] = useState(true);
  const [index, setIndex] = useState(() => Math.max(0, evidence.findIndex((e) => e.sha256 === startAt)));
  const ofParty = (p: EvidenceParty) => evidence.filter((e) => e.party === p);
  const [sideIndex, setSideIndex] = useState<Record<'buyer' | 'merchant', number>>({ buyer: 0, merchant: 0 });
  const [views, setViews] = useState<Record<Side, ViewState>>({ one: INITIAL_VIEW, buyer: INITIAL_VIEW, merchant: INITIAL_VIEW });
  const sizes = useRef<Record<Side, { image: Size; pane: Size }>>({
    one: { image: { width: 0, height: 0 }, pane: { width: 0, height: 0 } },
    buyer: { image: { width: 0, height: 0 }, pane: { width: 0, height: 0 } },
    merchant: { image: { width: 0, height: 0 }, pane: { width: 0, height: 0 } },
  });
  const measure = useCallback((side: Side) => (image: Size, pane: Size) => (sizes.current[side] = { image, pane }), []);
  const measureOne = useCallback((image: Size, pane: Size) => measure('one')(image, pane), [measure]);
  const measureBuyer = useCallback((image: Size, pane: Size) => measure('buyer')(image, pane), [measure]);
  const measureMerchant = useCallback((image: Size, pane: Size) => measure('merchant')(image, pane), [measure]);

  const sides: Side[] = compare ? ['buyer', 'merchant'] : ['one'];
  /** A change made in one pane: with linked zoom, the other pane follows (zoom and pan; each keeps its rotation). */
  const setView = (side: Side, next: ViewState) =>
    setViews((v) => {
      if (!compare || !linked || side === 'one') return { ...v, [side]: next };
      const other: Side = side === 'buyer' ? 'merchant' : 'buyer';
      return { ...v, [side]: next, [other]: { ...next, rotation: v[other].rotation } };
    });
  const applyAll = (f: (v: ViewState, side: Side) => ViewState) => setViews((v) => {
    const out = { ...v };
    for (const s of sides) out[s] = f(v[s], s);
    return out;
  });
  const zoom = (step: number) => applyAll((v, s) => zoomBy(v, step, sizes.current[s].image, sizes.current[s].pane));

  const step = (delta: 1 | -1) => {
    if (!compare) {
      setIndex((i) => (i + delta + evidence.length) % Math.max(1, evidence.length));
      setViews((v) => ({ ...v, one: INITIAL_VIEW }));
      return;
    }
    setSideIndex((si) => ({
      buyer: ofParty('buyer').length ? (si.buyer + delta + ofParty('buyer').length) % ofParty('buyer').length : 0,
      merchant: ofParty('merchant').length ? (si.merchant + delta + ofParty('merchant').length) % ofParty('merchant').length : 0,
    }));
    setViews((v) => ({ ...v, buyer: fit(v.buyer), merchant: fit(v.merchant) }));
  };

  useCommand('escape', () => onClose());
  useCommand('viewerNext', () => step(1));
  useCommand('viewerPrev', () => step(-1));
  useCommand('viewerZoomIn', () => zoom(ZOOM_STEP));
  useCommand('viewerZoomOut', () => zoom(1 / ZOOM_STEP));
  useCommand('viewerFit', () => applyAll(fit));
  useCommand('viewerActual', () => applyAll(actualSize));
  useCommand('viewerRotateLeft', () => applyAll((v) => rotate(v, -1)));
  useCommand('viewerRotateRight', () => applyAll((v) => rotate(v, 1)));
  useCommand('viewerCompare', () => setCompare((c) => !c));
  // The viewer is modal: the case list's keys wait until it closes.
  // A fixed list, so the same hooks run on every render.
  for (const blocked of BLOCKED_WHILE_OPEN) useCommand(blocked, () => undefined);

  const itemOf = (side: Side): EvidenceRef | null => {
    if (side === 'one') return evidence[index] ?? null;
    const list = ofParty(side);
    return list[sideIndex[side]] ?? null;
  };
  const measureOf = { one: measureOne, buyer: measureBuyer, merchant: measureMerchant };

  return (
    <div className="overlay viewer-overlay" role="dialog" aria-modal="true" aria-label={t('evidenceViewer.title')} data-testid="evidence-viewer" data-compare={compare}>
      <div className="viewer">
        <div className="viewer-toolbar" role="toolbar">
          <button type="button" onClick={() => step(-1)} data-testid="viewer-prev">{t('evidenceViewer.prev')}</button>
          <button type="button" onClick={() => step(1)} data-testid="viewer-next">{t('evidenceViewer.next')}</button>
          <span className="viewer-sep" />
          <button type="button" onClick={() => zoom(1 / ZOOM_STEP)} data-testid="viewer-zoom-out">{t('evidenceViewer.zoomOut')}</button>
          <button type="button" onClick={() => zoom(ZOOM_STEP)} data-testid="viewer-zoom-in">{t('evidenceViewer.zoomIn')}</button>
          <button type="button" onClick={() => applyAll(fit)} data-testid="viewer-fit">{t('evidenceViewer.fit')}</button>
          <button type="button" onClick={() => applyAll(actualSize)} data-testid="viewer-actual">{t('evidenceViewer.actual')}</button>
          <button type="button" onClick={() => applyAll((v) => rotate(v, -1))} data-testid="viewer-rotate-left">{t('evidenceViewer.rotateLeft')}</button>
          <button type="button" onClick={() => applyAll((v) => rotate(v, 1))} data-testid="viewer-rotate-right">{t('evidenceViewer.rotateRight')}</button>
          <span className="viewer-sep" />
          <button type="button" aria-pressed={compare} onClick={() => setCompare((c) => !c)} data-testid="viewer-compare">
            {compare ? t('evidenceViewer.single') : t('evidenceViewer.compare')}
          </button>
          {compare && (
            <label className="small">
              <input type="checkbox" checked={linked} onChange={(e) => setLinked(e.target.checked)} data-testid="viewer-linked" /> {t('evidenceViewer.linked')}
            </label>
          )}
          {!compare && <span className="muted small" data-testid="viewer-position">{t('evidenceViewer.position', { index: index + 1, count: evidence.length })}</span>}
          <span className="spacer" />
          <button type="button" onClick={onClose} data-testid="viewer-close">{t('evidenceViewer.close')}</button>
        </div>
        <div className="viewer-body">
          <div className={compare ? 'viewer-panes viewer-panes-two' : 'viewer-panes'}>
            {sides.map((side) => {
              const item = itemOf(side);
              return (
                <div key={side} className="viewer-column" data-side={side}>
                  {side !== 'one' && <h4>{t(`party.${side}`)} · {t('evidenceViewer.position', { index: sideIndex[side] + 1, count: ofParty(side).length })}</h4>}
                  <EvidencePane item={item} view={views[side]} onView={(v) => setView(side, v)} onMeasure={measureOf[side]} testId={`viewer-pane-${side}`} />
                  {item && isPhoto(item) && (
                    <PhotoFactsPanel item={item} order={order}>
                      {besideFacts?.(caseId, item.sha256)}
                    </PhotoFactsPanel>
                  )}
                </div>
              );
            })}
          </div>
          <AroundPanel order={order} chat={chat} />
        </div>
      </div>
    </div>
  );
}
