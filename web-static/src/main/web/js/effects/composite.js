// The picture sent with a background effect, drawn with canvas 2D (a page's canvas or a worker's
// OffscreenCanvas): the person where the mask is opaque, the frame blurred or an image behind.

/** Draws {@code img} to cover the whole w×h canvas, cropping what does not fit. */
export function cover(ctx, img, w, h) {
  const scale = Math.max(w / img.width, h / img.height);
  const dw = img.width * scale;
  const dh = img.height * scale;
  ctx.drawImage(img, (w - dw) / 2, (h - dh) / 2, dw, dh);
}

/**
 * Draws onto {@code ctx} (w×h) the person of {@code frame} where {@code mask} is opaque, and
 * behind them {@code image} (cover-fitted) or, without one, the frame blurred by {@code blur} px.
 */
export function composite(ctx, frame, mask, { image, blur }, w, h) {
  ctx.save();
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(mask, 0, 0, w, h);
  ctx.globalCompositeOperation = 'source-in';
  ctx.drawImage(frame, 0, 0, w, h);
  ctx.globalCompositeOperation = 'destination-over';
  if (image) {
    cover(ctx, image, w, h);
  } else {
    ctx.filter = `blur(${blur ?? 0}px)`;
    ctx.drawImage(frame, 0, 0, w, h);
  }
  ctx.restore();
}
