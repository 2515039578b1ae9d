/** @jsxImportSource hono/jsx */
import type { Funnel, FunnelRow } from '../admin/funnel.ts';
import { AdminPage } from './admin-layout.tsx';

const number = (value: number) => value.toLocaleString('en');

export function FunnelPage(props: { funnel: Funnel }) {
  const { rows, unsubscribedBeforeAny } = props.funnel;
  return (
    <AdminPage title="Funnel">
      <p class="muted">
        Each course email in the order readers get it. Delivered, bounced and complained come from
        the provider's events (or the email's own status where no event came). Reflected counts
        replies and journal entries, never their words. "Unsubscribed after" counts people whose
        last email before leaving was this one.
      </p>
      <FunnelChart rows={rows} />
      <table>
        <thead>
          <tr>
            <th>Email</th>
            <th class="n">Sent</th>
            <th class="n">Delivered</th>
            <th class="n">Bounced</th>
            <th class="n">Complained</th>
            <th class="n">Reflected</th>
            <th class="n">Unsubscribed after</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <td>{row.label}</td>
              <td class="n">{number(row.sent)}</td>
              <td class="n">{number(row.delivered)}</td>
              <td class="n">{number(row.bounced)}</td>
              <td class="n">{number(row.complained)}</td>
              <td class="n">{number(row.reflected)}</td>
              <td class="n">{number(row.unsubscribedAfter)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Unsubscribed before any course email: {number(unsubscribedBeforeAny)}.</p>
    </AdminPage>
  );
}

const SERIES = [
  { name: 'sent', label: 'Sent', color: '#b9a58c', value: (row: FunnelRow) => row.sent },
  {
    name: 'delivered',
    label: 'Delivered',
    color: '#7a5c3e',
    value: (row: FunnelRow) => row.delivered,
  },
  {
    name: 'reflected',
    label: 'Reflected',
    color: '#4f7a5c',
    value: (row: FunnelRow) => row.reflected,
  },
  {
    name: 'unsubscribed',
    label: 'Unsubscribed after',
    color: '#a3362b',
    value: (row: FunnelRow) => row.unsubscribedAfter,
  },
] as const;

const LABEL_WIDTH = 110;
const BAR_AREA = 560;
const BAR = 6;
const ROW = SERIES.length * BAR + 10;

/** Plain SVG bars, one group per email; no script, no library. */
export function FunnelChart(props: { rows: readonly FunnelRow[] }) {
  const max = Math.max(1, ...props.rows.flatMap((row) => SERIES.map((s) => s.value(row))));
  const width = LABEL_WIDTH + BAR_AREA + 60;
  const height = props.rows.length * ROW + 4;
  return (
    <figure>
      <svg
        class="chart"
        role="img"
        aria-label="Sent, delivered, reflected and unsubscribed after, per email"
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
      >
        {props.rows.map((row, index) => {
          const top = index * ROW + 2;
          return (
            <g key={row.key}>
              <text x={0} y={top + ROW / 2} dominant-baseline="middle">
                {shortLabel(row.key)}
              </text>
              {SERIES.map((series, s) => {
                const value = series.value(row);
                return (
                  <rect
                    key={series.name}
                    x={LABEL_WIDTH}
                    y={top + s * BAR}
                    width={Math.max(value > 0 ? 1 : 0, (value / max) * BAR_AREA)}
                    height={BAR - 1}
                    fill={series.color}
                  >
                    <title>{`${series.label}: ${value}`}</title>
                  </rect>
                );
              })}
              <text x={LABEL_WIDTH + BAR_AREA + 8} y={top + BAR / 2} dominant-baseline="middle">
                {row.sent}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {SERIES.map((series) => (
          <span key={series.name}>
            <span class={`swatch ${series.name}`} />
            {series.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function shortLabel(key: string): string {
  if (key.startsWith('lesson:')) return `Lesson ${key.slice('lesson:'.length)}`;
  if (key === 'checkin') return 'Check-ins';
  return key.charAt(0).toUpperCase() + key.slice(1);
}
