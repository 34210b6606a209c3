/**
 * The default seed for "this week's calls": the ISO year and week (202648), so the pick made on
 * Monday is the pick reproduced on Friday, and a supervisor can re-run any past week's draw.
 */
export function weekSeed(date: Date): number {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  // ISO 8601: the week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return d.getUTCFullYear() * 100 + week;
}
