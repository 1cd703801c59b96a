package dev.migrate.cli;

/**
 * How many columns of a terminal a text takes, so that a table lines up whatever its cells hold:
 * a combining mark (the accent of a decomposed {@code é}) takes none, an East Asian wide or
 * fullwidth character (CJK ideographs, Hangul, kana, fullwidth forms) and most emoji take two,
 * everything else one. Counted by code point, so a character outside the BMP (a surrogate pair in
 * a {@code String}) counts once.
 *
 * <pre>{@code
 * DisplayWidth.of("V2__添加索引.sql"); // 16: 8 narrow characters and 4 wide ones
 * }</pre>
 *
 * <p>Close to {@code wcwidth(3)} of glibc and most terminals: ambiguous-width characters (Greek,
 * Cyrillic, box drawing) count one, as in a Western locale, and the emoji blocks count two as a
 * whole, though a few of their symbols are drawn narrow unless followed by U+FE0F.
 */
final class DisplayWidth {

    /**
     * East Asian Wide (W) and Fullwidth (F) code points of the Unicode Character Database's
     * EastAsianWidth.txt, merged into blocks where the gaps are unassigned, as sorted
     * {@code {first, last}} pairs.
     */
    private static final int[][] WIDE = {
        {0x1100, 0x115F},   // Hangul Jamo initial consonants
        {0x231A, 0x231B},   // watch, hourglass
        {0x2329, 0x232A},   // angle brackets
        {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3},
        {0x25FD, 0x25FE},
        {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
        {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4},
        {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA}, {0x26FD, 0x26FD},
        {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E},
        {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
        {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},   // emoji drawn as emoji by default
        {0x2E80, 0x303E},   // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
        {0x3041, 0x33FF},   // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed CJK
        {0x3400, 0x4DBF},   // CJK Unified Ideographs Extension A
        {0x4E00, 0x9FFF},   // CJK Unified Ideographs
        {0xA000, 0xA4CF},   // Yi
        {0xA960, 0xA97F},   // Hangul Jamo Extended-A
        {0xAC00, 0xD7A3},   // Hangul syllables
        {0xF900, 0xFAFF},   // CJK Compatibility Ideographs
        {0xFE10, 0xFE19},   // vertical forms
        {0xFE30, 0xFE6F},   // CJK compatibility forms, small form variants
        {0xFF00, 0xFF60},   // fullwidth forms
        {0xFFE0, 0xFFE6},   // fullwidth signs
        {0x16FE0, 0x16FFF}, // ideographic symbols
        {0x17000, 0x18D7F}, // Tangut, Khitan
        {0x1AFF0, 0x1B2FF}, // Kana supplements, Nushu
        {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
        {0x1F200, 0x1F2FF}, // enclosed ideographic supplement
        {0x1F300, 0x1F64F}, // miscellaneous symbols and pictographs, emoticons
        {0x1F680, 0x1F6FF}, // transport and map symbols
        {0x1F7E0, 0x1F7EF}, // coloured circles and squares
        {0x1F900, 0x1F9FF}, // supplemental symbols and pictographs
        {0x1FA70, 0x1FAFF}, // symbols and pictographs extended-A
        {0x20000, 0x2FFFD}, // CJK Unified Ideographs Extension B and later
        {0x30000, 0x3FFFD},
    };

    private DisplayWidth() {
    }

    /** The columns {@code text} takes on a terminal. */
    static int of(String text) {
        return text.codePoints().map(DisplayWidth::of).sum();
    }

    /** The columns one code point takes: 0, 1 or 2. */
    static int of(int codePoint) {
        return switch (Character.getType(codePoint)) {
            // A spacing combining mark (COMBINING_SPACING_MARK, as in Devanagari) advances the cursor: it counts one.
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.CONTROL -> 0;
            // Zero-width space and joiner, bidi marks; but the soft hyphen is drawn.
            case Character.FORMAT -> codePoint == 0x00AD ? 1 : 0;
            // Hangul medial vowels and final consonants join the initial before them into one syllable.
            default -> codePoint >= 0x1160 && codePoint <= 0x11FF ? 0 : isWide(codePoint) ? 2 : 1;
        };
    }

    private static boolean isWide(int codePoint) {
        if (codePoint < WIDE[0][0]) {
            return false;
        }
        int low = 0;
        int high = WIDE.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (codePoint < WIDE[mid][0]) {
                high = mid - 1;
            } else if (codePoint > WIDE[mid][1]) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
