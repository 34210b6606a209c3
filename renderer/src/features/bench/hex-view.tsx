import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoverField, selectField, useBenchStore } from '../../stores/bench-store';
import { fieldById, fieldLabel, pageLabel, type Field, type FieldMap } from './field-map';

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const toHex2 = (n: number) => n.toString(16).padStart(2, '0');
const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·');

/**
 * The rows depend only on the bytes and the map; highlighting is done with a CSS rule on the
 * container naming the active field, so hovering re-renders nothing but the style element.
 */
const HexRows = memo(function HexRows({ bytes, map, pages }: { bytes: Uint8Array; map: FieldMap; pages: FieldMap['pages'] }) {
  const { t } = useTranslation('bench');
  const rows: React.ReactNode[] = [];
  for (const page of pages) {
    rows.push(
      <div key={`p-${page.id}`} className="hex__page" role="row">
        <span role="columnheader">
          {pageLabel(t, page)} · {page.start}–{page.end - 1}
        </span>
      </div>,
    );
    for (let off = page.start; off < page.end; off += 16) {
      const cells: React.ReactNode[] = [];
      const ascii: React.ReactNode[] = [];
      for (let i = off; i < Math.min(off + 16, page.end); i++) {
        const b = bytes[i] ?? 0;
        const fi = map.owner[i] ?? -1;
        const field = fi >= 0 ? map.fields[fi] : undefined;
        const f = field ? `f${fi}` : undefined;
        cells.push(
          <span key={i} className={`hex__byte ${f ?? 'hex__byte--free'}`} data-offset={i} data-field={field?.id} title={field ? `${i}: ${fieldLabel(t, field)}` : String(i)}>
            {toHex2(b)}
          </span>,
        );
        ascii.push(
          <span key={i} className={`hex__char ${f ?? ''}`} data-offset={i}>
            {printable(b)}
          </span>,
        );
      }
      rows.push(
        <div key={off} className="hex__row" role="row">
          {/* A table row must hold cells (ARIA 1.2 required children): the offset heads the row, the
              16 bytes and their characters are its two cells. */}
          <span className="hex__offset" role="rowheader">{off.toString(16).padStart(3, '0')}</span>
          <span className="hex__bytes" role="cell">{cells}</span>
          <span className="hex__ascii" role="cell">{ascii}</span>
        </div>,
      );
    }
  }
  return <>{rows}</>;
});

/** Arrow keys walk the field list (listbox pattern); focusing a field highlights its bytes. */
function moveFocus(e: React.KeyboardEvent<HTMLDivElement>) {
  const keys: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
  const step = keys[e.key];
  if (step === undefined) return;
  const options = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="option"]')];
  const i = options.indexOf(document.activeElement as HTMLButtonElement);
  const next = step === -Infinity ? 0 : step === Infinity ? options.length - 1 : Math.max(0, Math.min(options.length - 1, i + step));
  options[next]?.focus();
  e.preventDefault();
}

function FieldList({ fields, active }: { fields: Field[]; active: Field | null }) {
  const { t } = useTranslation('bench');
  // One Tab stop for the whole list (the active field, else the first); arrows move inside it.
  const tabStop = active !== null && fields.includes(active) ? active.id : fields[0]?.id;
  return (
    <div className="hex__fields" role="listbox" aria-label={t('hex.fields')} data-testid="hex-fields" onKeyDown={moveFocus}>
      {fields.map((f) => (
        <button
          key={f.id}
          type="button"
          role="option"
          tabIndex={f.id === tabStop ? 0 : -1}
          aria-selected={active?.id === f.id}
          className={`hex__field ${active?.id === f.id ? 'is-active' : ''}`}
          data-field={f.id}
          onMouseEnter={() => hoverField(f.id)}
          onMouseLeave={() => hoverField(null)}
          onFocus={() => hoverField(f.id)}
          onBlur={() => hoverField(null)}
          onClick={() => selectField(f.id)}
        >
          <span className="hex__field-name">{fieldLabel(t, f)}</span>
          <span className="hex__field-addr code">{f.address}</span>
        </button>
      ))}
    </div>
  );
}

export function HexView({ rawHex, map }: { rawHex: string; map: FieldMap }) {
  const { t } = useTranslation('bench');
  const bytes = useMemo(() => hexToBytes(rawHex), [rawHex]);
  const hovered = useBenchStore((s) => s.hoveredField);
  const selected = useBenchStore((s) => s.selectedField);
  const activeId = hovered ?? selected;
  const active = fieldById(map, activeId);
  const activeIndex = active ? map.fields.indexOf(active) : -1;
  // A paged (CMIS) image holds a dozen pages and banks or more: one page at a time, chosen here
  // (issue 13 item 7), or all of them. Flat images show all their pages.
  const paged = map.pages.some((p) => p.paged !== undefined);
  const [chosenPage, setPageId] = useState<string>(paged ? 'lower' : 'all');
  const selectedField = fieldById(map, selected);
  // A field chosen elsewhere (a decoder finding's link) shows its page.
  const pageId = selectedField !== null && chosenPage !== 'all' && selectedField.page !== chosenPage ? selectedField.page : chosenPage;
  const pages = pageId === 'all' ? map.pages : map.pages.filter((p) => p.id === pageId);
  const fields = pageId === 'all' ? map.fields : map.fields.filter((f) => f.page === pageId);

  const onOver = (e: React.MouseEvent) => {
    const el = (e.target as HTMLElement).closest('[data-offset]');
    if (!el) return;
    const fi = map.owner[Number(el.getAttribute('data-offset'))] ?? -1;
    hoverField(fi >= 0 ? (map.fields[fi]?.id ?? null) : null);
  };
  const onClick = (e: React.MouseEvent) => {
    const el = (e.target as HTMLElement).closest('[data-offset]');
    if (!el) return;
    const fi = map.owner[Number(el.getAttribute('data-offset'))] ?? -1;
    const f = fi >= 0 ? map.fields[fi] : undefined;
    if (f) selectField(f.id);
  };

  return (
    <section className="card hex" aria-labelledby="hex-title">
      <div className="hex__head">
        <h2 id="hex-title">{t('hex.title')}</h2>
        <p className="muted hex__status" aria-live="polite" data-testid="hex-active">
          {active
            ? t('hex.selected', { field: `${fieldLabel(t, active)} (${active.address})`, from: active.start, to: active.end - 1, count: active.end - active.start })
            : t('hex.hint')}
        </p>
        {paged ? (
          <label className="inline hex__page-select">
            {t('hex.pageSelect')}
            <select
              value={pageId}
              onChange={(e) => {
                const v = e.target.value;
                setPageId(v);
                // A selection on another page would pull the view back to it: it is let go.
                if (selected !== null && v !== 'all' && selectedField?.page !== v) selectField(selected);
              }}
              data-testid="hex-page-select"
            >
              <option value="all">{t('hex.allPages')}</option>
              {map.pages.map((p) => (
                <option key={p.id} value={p.id}>
                  {pageLabel(t, p)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {selected ? (
          <button type="button" onClick={() => selectField(selected)}>
            {t('hex.clear')}
          </button>
        ) : null}
      </div>
      {activeIndex >= 0 ? (
        <style>{`.hex .f${activeIndex}{background:var(--highlight-strong);outline:1px solid #7a5a00;color:#000}`}</style>
      ) : null}
      <div className="hex__body">
        {/* A scrolling region a keyboard user must reach to scroll it (axe scrollable-region-focusable):
            one Tab stop, the arrow keys and Page keys scroll it. */}
        <div className="hex__grid code" role="table" aria-label={t('hex.title')} data-testid="hex-grid" tabIndex={0} onMouseOver={onOver} onMouseLeave={() => hoverField(null)} onClick={onClick}>
          <HexRows bytes={bytes} map={map} pages={pages} />
        </div>
        <FieldList fields={fields} active={active} />
      </div>
    </section>
  );
}
