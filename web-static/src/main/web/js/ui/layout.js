// Where the tiles go: pure geometry, no DOM. n tiles of an aspect ratio get the largest size
// that fits the stage; a screen share or spotlight gets a main area with the others in a strip.
// Computed here rather than by CSS: a CSS grid sizes 16:9 tiles by their width and lets them
// grow taller than the stage (over the toolbar); only the stage's real size tells how big n
// tiles may be.

export const ASPECT = 16 / 9;
export const GAP = 8;

/** The largest tiles of {@code aspect} of which n fit in a w × h box, as columns, rows and tile size. */
export function fit(n, w, h, aspect = ASPECT) {
  let best = { cols: 1, rows: n, width: 0, height: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const width = Math.min((w - GAP * (cols - 1)) / cols, ((h - GAP * (rows - 1)) / rows) * aspect);
    if (width > best.width) best = { cols, rows, width, height: width / aspect };
  }
  return best;
}

/** n tiles of {@code aspect} fitted to a box: whole-pixel tile size and the width and height they take. */
function grid(n, w, h, aspect = ASPECT) {
  const f = fit(n, w, h, aspect);
  const tw = Math.max(0, Math.floor(f.width));
  const th = Math.max(0, Math.floor(tw / aspect));
  return { ...f, tw, th, w: f.cols * tw + (f.cols - 1) * GAP, h: f.rows * th + (f.rows - 1) * GAP };
}

/** Rectangles {x, y, w, h} for n tiles of {@code aspect}, as a grid centred in {@code box} (the last row too). */
function place(n, box, aspect = ASPECT) {
  const g = grid(n, box.w, box.h, aspect);
  const top = box.y + (box.h - g.h) / 2;
  return Array.from({ length: n }, (_, i) => {
    const row = Math.floor(i / g.cols);
    const inRow = Math.min(g.cols, n - row * g.cols);
    const left = box.x + (box.w - (inRow * g.tw + (inRow - 1) * GAP)) / 2;
    return { x: Math.round(left + (i % g.cols) * (g.tw + GAP)), y: Math.round(top + row * (g.th + GAP)), w: g.tw, h: g.th };
  });
}

/**
 * Rectangles for {@code focus} main tiles (of {@code focusAspect}) and {@code rest} 16:9 tiles in
 * a w × h stage. Without a focus all tiles share the stage as a grid; with one, the others line
 * up in a strip beside it (wide stage) or below it (tall stage, a phone), and the two are sized
 * to what they hold and centred together.
 */
export function layoutTiles(w, h, focus, rest, focusAspect = ASPECT) {
  const all = { x: 0, y: 0, w, h };
  if (!focus || !rest) return { focus: place(focus, all, focusAspect), rest: place(rest, all) };
  if (w > h * 1.2) {
    const strip = grid(rest, Math.round(Math.min(Math.max(w * 0.2, 120), 320)), h);
    const main = grid(focus, w - strip.w - GAP, h, focusAspect);
    const x = Math.round((w - main.w - GAP - strip.w) / 2);
    return { focus: place(focus, { x, y: 0, w: main.w, h }, focusAspect), rest: place(rest, { x: x + main.w + GAP, y: 0, w: strip.w, h }) };
  }
  // The main area takes what it needs of up to 60 % of the height, the strip the rest.
  const main = grid(focus, w, Math.round(h * 0.6), focusAspect);
  const strip = grid(rest, w, h - main.h - GAP);
  const y = Math.round((h - main.h - GAP - strip.h) / 2);
  return { focus: place(focus, { x: 0, y, w, h: main.h }, focusAspect), rest: place(rest, { x: 0, y: y + main.h + GAP, w, h: strip.h }) };
}

/**
 * A phone held upright: one main tile (the speaker or a screen) above a single row of the others.
 * Up to three share the row's width; more keep that size and the row scrolls sideways by
 * {@code offset} pixels (clamped; a swipe sets it). Returns {focus, rest, offset, maxOffset}.
 * Held sideways (w > h) the strip stands beside the main tile as in {@link layoutTiles}. With
 * {@code fill} (a camera, not a screen) the main tile takes the width and the height left.
 */
export function phoneLayout(w, h, rest, focusAspect = ASPECT, offset = 0, fill = false) {
  if (!rest || w > h) return { ...layoutTiles(w, h, 1, rest, focusAspect), offset: 0, maxOffset: 0 };
  const tw = Math.floor(Math.min(w * 0.55, (w - GAP * (Math.min(rest, 3) - 1)) / Math.min(rest, 3)));
  const th = Math.floor(tw / ASPECT);
  // A camera fills the width and the height left, down to a 3:4 portrait (its video cropped at
  // the sides, as phone apps do); a screen keeps its shape.
  const main = fill ? { w, h: Math.min(h - th - GAP, Math.round((w * 4) / 3)) } : grid(1, w, h - th - GAP, focusAspect);
  const y = Math.round((h - main.h - GAP - th) / 2);
  const row = rest * tw + (rest - 1) * GAP;
  const maxOffset = Math.max(0, row - w);
  const at = Math.min(Math.max(0, offset), maxOffset);
  const left = maxOffset ? -at : Math.round((w - row) / 2);
  return {
    focus: fill ? [{ x: 0, y, w, h: main.h }] : place(1, { x: 0, y, w, h: main.h }, focusAspect),
    rest: Array.from({ length: rest }, (_, i) => ({ x: left + i * (tw + GAP), y: y + main.h + GAP, w: tw, h: th })),
    offset: at,
    maxOffset,
  };
}
