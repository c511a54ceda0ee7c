// Plain-text tables for the bench reports.

export function fmt(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (typeof value !== 'number') return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ms(value) {
  if (value === null || value === undefined) return '-';
  return value < 10 ? fmt(value, 2) : value < 100 ? fmt(value, 1) : fmt(value, 0);
}

export function errorsText(errors) {
  const entries = Object.entries(errors ?? {});
  return entries.length === 0 ? '0' : entries.map(([code, n]) => `${code}:${n}`).join(' ');
}

export function cpuText(cpu, names) {
  if (!cpu) return '-';
  return names.map((name) => (cpu[name] === undefined ? '-' : fmt(cpu[name]))).join('/');
}

/** rows: arrays of cells; the first row is the header. Numbers are right-aligned, text left-aligned. */
export function table(rows) {
  const text = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))),
  );
  const widths = text[0].map((_, i) => Math.max(...text.map((row) => (row[i] ?? '').length)));
  const numeric = text[0].map((_, i) => text.slice(1).every((row) => /^[-\d.,x%/ ]*$/.test(row[i] ?? '')));
  const line = (row) =>
    '  ' +
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(text[0]), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...text.slice(1).map(line)].join(
    '\n',
  );
}
