/**
 * Links that say what made them: the page records its experiments' version tag on its notebook's root
 * (`data-version`, which the toolbar writes into every permalink and embed as `v=`), and a link made
 * with another version gets a quiet notice instead of silently showing other numbers.
 */
export function markVersion(root: HTMLElement, version: string | null): void {
  if (!version) return;
  root.dataset.version = version;
  const made = new URLSearchParams(location.search).get("v");
  if (made === null || made === version) return;
  const note = document.createElement("p");
  note.className = "bl-version-note";
  note.setAttribute("role", "note");
  // Only a tag the site could have written is quoted back; anything else is "another version".
  const tag = /^[0-9a-f]{4,16}$/.test(made) ? `version ${made}` : "another version";
  note.textContent = `This link was made with ${tag} of this notebook's experiments; this page runs version ${version}: numbers may differ.`;
  root.prepend(note);
}
