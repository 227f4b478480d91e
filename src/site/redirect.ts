/** Old page names (a notebook's `formerly`): go to the new page with the same query and hash. */
export function redirectTo(target: string): void {
  if (!/^[a-z0-9-]+$/.test(target)) return;
  location.replace(`./${target}.html${location.search}${location.hash}`);
}
