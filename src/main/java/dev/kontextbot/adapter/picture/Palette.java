package dev.kontextbot.adapter.picture;

import dev.kontextbot.engine.review.Drift;
import java.awt.Color;
import java.awt.Font;

/** Colours and type of the review pictures: sizes are for a chat client showing the picture at about its width. */
final class Palette {
    static final Color PAPER = new Color(0xFFFFFF);
    static final Color INK = new Color(0x1E2128);
    static final Color MUTED = new Color(0x5E6470);
    static final Color RULE = new Color(0xDADDE3);
    static final Color BAND = new Color(0x23262F);
    static final Color BAND_INK = new Color(0xF4F5F7);
    static final Color BOX = new Color(0xEEF0F3);
    /** The frame of the variant picked as head; tests look for it. */
    static final Color PICKED = new Color(0xE8A400);
    static final Color GOOD = new Color(0x1E7B34);
    static final Color FAIR = new Color(0xA86400);
    static final Color POOR = new Color(0xC0292B);
    static final Color FAILED_BOX = new Color(0xFBE4E4);
    static final Color MODERATED_BOX = new Color(0xFCEFD9);
    static final Color WAITING_BOX = new Color(0xE3EDFA);
    static final Color WAITING = new Color(0x2456A6);

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 24);
    static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    static final Font BODY_BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    /** The smallest text drawn anywhere: a chat client's own font size. */
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font SMALL_BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Palette() {
    }

    /** Green for a kept picture, amber for a changed one, red for a lost one. */
    static Color forFidelity(int fidelity) {
        return fidelity >= 80 ? GOOD : fidelity >= Drift.THRESHOLD ? FAIR : POOR;
    }
}
