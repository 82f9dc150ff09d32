package com.zoomvconnect.api;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The installed app's icon as PNG, drawn in the organisation's brand colour: the favicon's camera
 * (a rounded square with a white camera body and lens) at any size. A maskable icon fills the
 * whole square and keeps the camera inside the central 80 % safe zone (W3C Manifest, "purpose").
 * Shapes only, no text, so it renders headless without fonts.
 */
final class AppIcon {
    private AppIcon() {
    }

    /** A {@code size}×{@code size} PNG in colour {@code brand} ({@code #rgb} or {@code #rrggbb}; else the default blue). */
    static byte[] png(int size, String brand, boolean maskable) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(colour(brand));
            // The favicon's geometry is a 32-unit square; a maskable icon bleeds to the edges.
            double unit = size / 32.0;
            if (maskable) {
                g.fillRect(0, 0, size, size);
                unit *= 0.8; // the camera inside the safe zone
                double inset = size * 0.1;
                g.translate(inset, inset);
            } else {
                g.fill(new RoundRectangle2D.Double(0, 0, size, size, 14 * unit, 14 * unit));
            }
            g.setColor(Color.WHITE);
            g.fill(new java.awt.geom.Rectangle2D.Double(7 * unit, 11 * unit, 12 * unit, 10 * unit));
            Path2D lens = new Path2D.Double();
            lens.moveTo(20 * unit, 14 * unit);
            lens.lineTo(26 * unit, 10 * unit);
            lens.lineTo(26 * unit, 22 * unit);
            lens.lineTo(20 * unit, 18 * unit);
            lens.closePath();
            g.fill(lens);
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Color colour(String hex) {
        if (hex != null && hex.matches("#[0-9a-fA-F]{3}")) {
            hex = "#" + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2) + hex.charAt(3) + hex.charAt(3);
        }
        if (hex != null && hex.matches("#[0-9a-fA-F]{6}")) {
            return new Color(Integer.parseInt(hex.substring(1), 16));
        }
        return new Color(0x2463eb);
    }
}
