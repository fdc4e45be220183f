// O1–O5: a region is a configured group of service centres (SERVICE_REGIONS, e.g.
// `east=shanghai+hangzhou,north=beijing`); a centre no region names is a region of its own, under
// the centre's name. Reports group and filter calls, part requests and activity by region through
// the service centre each record carries.

/** Centre → region. */
export type RegionMap = Readonly<Record<string, string>>;

const NAME = /^[\p{L}\p{N}_.-]{1,100}$/u;

/** Reads `region=centre+centre,…`; throws naming the first bad part. An empty text is no regions. */
export function parseRegions(text: string): RegionMap {
  const out: Record<string, string> = {};
  const regions = new Set<string>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.+)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not region=centre+centre`);
    const region = m[1]!.trim();
    if (!NAME.test(region)) throw new Error(`"${region}" is not a region name (letters, digits, _ . -)`);
    if (regions.has(region)) throw new Error(`region "${region}" is named twice`);
    regions.add(region);
    for (const centre of m[2]!.split('+').map((c) => c.trim())) {
      if (!NAME.test(centre)) throw new Error(`"${centre}" is not a service centre name (letters, digits, _ . -)`);
      if (out[centre] !== undefined) throw new Error(`centre "${centre}" is in two regions (${out[centre]} and ${region})`);
      out[centre] = region;
    }
  }
  return out;
}

/** The region of a service centre: the configured one, else the centre itself. */
export const regionOf = (regions: RegionMap, centre: string): string => regions[centre] ?? centre;

/**
 * The centres of `region`: those configured under it; a name no region uses is a centre that is its
 * own region (unless that centre is configured under another region: then none).
 */
export function centresOf(regions: RegionMap, region: string): string[] {
  const configured = Object.entries(regions).filter(([, r]) => r === region).map(([c]) => c);
  if (configured.length > 0) return configured.sort();
  return regions[region] === undefined ? [region] : [];
}

/** Whether a record of `centre` belongs to `region` (every record when no region is asked for). */
export const inRegion = (regions: RegionMap, centre: string, region: string | undefined): boolean =>
  region === undefined || regionOf(regions, centre) === region;
