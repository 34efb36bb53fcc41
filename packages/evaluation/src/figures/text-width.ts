/**
 * Advance widths of Helvetica (≈ Arial), in 1/1000 em, for the printable ASCII characters 32–126
 * (the standard Adobe font metrics). Vega measures text with a canvas when it has one; headless, it
 * guesses 0.8 em per character, which makes every title, label and legend far too wide and leaves
 * the figures with wide empty margins. The renderer measures with this table instead.
 */
export const HELVETICA_ASCII_WIDTHS: readonly number[] = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0–9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A–O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P–Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a–o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p–z { | } ~
];

/** Widths (1/1000 em) of the non-ASCII characters the figures use; others count as {@link DEFAULT_WIDTH}. */
export const EXTRA_WIDTHS: Readonly<Record<string, number>> = {
  '−': 584, '–': 556, '—': 1000, '×': 584, '°': 400, 'µ': 556, 'Δ': 612, '±': 584, '…': 1000,
  '²': 333, '³': 333, '¹': 333, '⁻': 333, '⁰': 333, '₂': 333, '→': 1000, '←': 1000, '↑': 500, '↓': 500, '≥': 549, '≤': 549,
};

/** Width assumed for characters missing from both tables (1/1000 em). */
export const DEFAULT_WIDTH = 556;

/** Bold Helvetica is about this much wider than regular on average. */
export const BOLD_FACTOR = 1.08;
