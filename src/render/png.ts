/**
 * SVG → PNG for `vigie report --png`, through resvg (a Rust renderer shipped as a prebuilt binary on npm: no canvas,
 * no browser). Text is drawn with the DejaVu Sans files of the `dejavu-fonts-ttf` package, given explicitly, and system
 * fonts are not loaded: with neither, resvg silently drops every label; with system fonts, a chart would look different
 * on every machine. The same SVG gives the same PNG bytes anywhere.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let fonts: string[] | null = null;

/** The font files the PNGs are drawn with. */
export function fontFiles(): string[] {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(dir, f));
  }
  return fonts;
}

/** The PNG of an SVG on a white background, at `scale` times its size (2: sharp on paper and on high-density screens). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js'); // loaded only when a PNG is asked for
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
