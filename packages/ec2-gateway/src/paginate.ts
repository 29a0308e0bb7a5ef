/** One way to follow EC2's NextToken pages. */

export interface Page<T> {
  readonly items: readonly T[];
  /** EC2's NextToken; empty or absent on the last page. */
  readonly nextToken: string | undefined;
}

/** Every item of every page. A token seen twice ends the walk: a looping endpoint must not loop us. */
export async function collectPages<T>(fetchPage: (nextToken: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) break;
      seen.add(token);
    }
  } while (token !== undefined);
  return items;
}
