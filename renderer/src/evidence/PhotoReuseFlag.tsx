/**
 * The flag beside one photo of a case: the other cases the photo (or a near copy: PDQ within
 * the match distance) appears in, by another buyer or against another merchant, each a link
 * with the distance; and the known-bad lists it matched at ingest. Nothing when neither.
 */
import { useTranslation } from 'react-i18next';
import { Chip } from '../case/parts';
import { useCaseLinks } from './caseLinks';
import { useCaseReuse } from './useCaseReuse';

export interface PhotoReuseFlagProps {
  caseId: string;
  sha256: string;
}

export function PhotoReuseFlag({ caseId, sha256 }: PhotoReuseFlagProps) {
  const { t } = useTranslation();
  const reuse = useCaseReuse(caseId).data;
  const links = useCaseLinks();
  const photo = reuse?.photos.find((p) => p.sha256 === sha256);
  if (!photo || (photo.matches.length === 0 && photo.knownBad.length === 0)) return null;
  return (
    <div className="photo-reuse" data-testid="photo-reuse" data-sha256={sha256}>
      {photo.knownBad.map((k) => (
        <Chip key={`${k.list}/${k.entryId}`} tone="danger" testId="photo-known-bad">
          {t('evidenceReuse.knownBad', { list: k.list, entryId: k.entryId, distance: k.distance })}
        </Chip>
      ))}
      {photo.matches.length > 0 && (
        <>
          <Chip tone="danger" testId="photo-reused">{t('evidenceReuse.reused', { count: photo.matches.length })}</Chip>
          <ul className="photo-reuse-matches">
            {photo.matches.map((m) => (
              <li key={`${m.caseId}/${m.sha256}`} data-testid="photo-reuse-match" data-case-id={m.caseId} data-distance={m.distance}>
                <button
                  type="button"
                  className="link"
                  title={t('evidenceReuse.open', { caseId: m.caseId })}
                  disabled={!links || !reuse}
                  onClick={() => reuse && links?.open({ kind: m.kind, caseId: m.caseId }, { kind: reuse.kind, caseId })}
                >
                  {t('evidenceReuse.match', { caseId: m.caseId, title: m.title })}
                </button>{' '}
                <span className="muted">
                  {t('evidenceReuse.distance', { distance: m.distance })} · {t(m.sameBuyer ? 'evidenceReuse.sameBuyer' : 'evidenceReuse.otherBuyer')} ·{' '}
                  {t(m.sameMerchant ? 'evidenceReuse.sameMerchant' : 'evidenceReuse.otherMerchant')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
