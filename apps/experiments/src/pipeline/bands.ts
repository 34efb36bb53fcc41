/**
 * The two bands the guided and cross-scale experiments compare, and how they are named in tables,
 * figures and findings.
 */

/** A band of the guided and cross-scale experiments. */
export type Band = 'seasonal' | 'iav';
/** Both bands, seasonal first (Table 2's row and column order). */
export const BANDS: readonly Band[] = ['seasonal', 'iav'];
/** How a band is named in text: seasonal, IAV. */
export const bandLabel = (band: Band): string => (band === 'iav' ? 'IAV' : 'seasonal');
/** The other band: the one a cross-scale model was trained on. */
export const otherBand = (band: Band): Band => (band === 'seasonal' ? 'iav' : 'seasonal');
