// Holds an element where the form's jump put it (src/web/dom.rs, jump_to). After a long
// jump, items near it are laid out a few frames later (content-visibility, with an estimated
// height) and scroll anchoring does not make up for it there: the target moved by up to
// 230 px with the scroll unchanged (docs/performance.md, "A shift after long jumps"). Frame
// timing is the browser's, so it is here; when and where to jump is the form's. Stops once
// the element has kept its place for three frames, after 30, or as soon as the reader scrolls.
export function holdInPlace(el) {
  const at = el.getBoundingClientRect().top;
  let y = scrollY, still = 0, frame = 0;
  const step = () => {
    if (scrollY !== y) return; // the reader scrolled: theirs from now on
    const moved = el.getBoundingClientRect().top - at;
    if (Math.abs(moved) >= 1) {
      scrollBy({ top: moved, behavior: 'instant' }); // not smoothed by a page's scroll-behavior
      if (scrollY === y) return; // the page cannot scroll that way (its end, or an inner scroller)
      y = scrollY;
      still = 0;
    } else {
      still++;
    }
    if (still < 3 && ++frame < 30) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
