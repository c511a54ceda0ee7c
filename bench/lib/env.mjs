// Bench settings read from the environment: a whole number, or a comma-separated list of numbers.

/** A non-negative whole number from `name`, or `fallback` when it is unset or empty. */
export function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return Math.round(value);
}

/** Numbers separated by commas from `name`, or `fallback` when it is unset or empty. */
export function envList(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((item) => Number(item.trim()));
}
