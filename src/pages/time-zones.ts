let zones: readonly string[] | undefined;

/** The runtime's time zones for a select, with `current` among them even if it is an alias. */
export function timeZonesWith(current: string): readonly string[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}
