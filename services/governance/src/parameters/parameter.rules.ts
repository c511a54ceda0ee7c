import { DomainError, GOVERNED_PARAMETERS, type ParameterId } from '@ticketonomics/contracts';

/**
 * Why `value` may not be proposed for `parameter` whose value is `current` now, or null when it may:
 * within the parameter's bounds, a change, and no further from the current value than its largest change.
 * A current value that is none or outside the bounds (the ledger's unlimited transferMax) has no largest
 * change: any value within the bounds brings it under governance.
 */
export function proposedValueRefusal(
  parameter: ParameterId,
  current: number | null,
  value: number,
): DomainError | null {
  const rules = GOVERNED_PARAMETERS[parameter];
  if (value < rules.min || value > rules.max) {
    return new DomainError(
      'VALIDATION_FAILED',
      `value must be from ${rules.min} to ${rules.max} for ${parameter}`,
      { field: 'value' },
    );
  }
  if (value === current) {
    return new DomainError('VALIDATION_FAILED', `value is already the current ${parameter}`, {
      field: 'value',
    });
  }
  if (current === null || current < rules.min || current > rules.max) return null;
  if (Math.abs(value - current) > rules.changeMax) {
    const min = Math.max(rules.min, current - rules.changeMax);
    const max = Math.min(rules.max, current + rules.changeMax);
    return new DomainError(
      'LIMIT_EXCEEDED',
      `one proposal may move ${parameter} by at most ${rules.changeMax}: from ${current}, propose ${min} to ${max}`,
      { field: 'value', limit: rules.changeMax, min, max },
    );
  }
  return null;
}

/**
 * The threshold a proposal needs: the stricter one when the parameter asks it for this change (a raise of
 * tax or emission, any grant). A current value of none is a cap never set, unlimited: any value lowers it.
 */
export function thresholdFor(
  parameter: ParameterId,
  current: number | null,
  value: number,
  settings: { thresholdBps: number; raiseThresholdBps: number },
): number {
  const raises = current !== null && value > current;
  const strict = {
    raise: raises,
    lower: !raises,
    always: true,
    never: false,
  }[GOVERNED_PARAMETERS[parameter].strictWhen];
  return strict ? settings.raiseThresholdBps : settings.thresholdBps;
}
