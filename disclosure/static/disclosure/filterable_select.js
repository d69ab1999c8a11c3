// Narrows a disclosure list box (disclosure.widgets.FilterableSelect) to the options matching what the
// editor types; a matching second-level topic keeps its first-level topic visible. Enter picks the first match.
(() => {
  const FILTER = ".sg-filter-select__filter";

  const parts = (input) => {
    const box = input.closest("[data-sg-filter-select]");
    return { box, select: box.querySelector("select") };
  };

  // Options matching the words (a first-level topic shown only for context is not one of them).
  const matchingOptions = (select) =>
    Array.from(select.options).filter((option) => option.value && option.dataset.matched !== "0");

  const apply = (input) => {
    const { box, select } = parts(input);
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const options = Array.from(select.options);
    const parents = new Set();
    let shown = 0;
    options.forEach((option) => {
      const text = (option.dataset.search || option.text).toLowerCase();
      const match = !words.length || (option.value !== "" && words.every((word) => text.includes(word)));
      option.hidden = !match;
      option.dataset.matched = match ? "1" : "0";
      if (match) {
        shown += 1;
        if (option.dataset.parent) parents.add(option.dataset.parent);
      }
    });
    options.forEach((option) => {
      if (option.dataset.id && parents.has(option.dataset.id)) option.hidden = false;
    });
    select.querySelectorAll("optgroup").forEach((group) => {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
    });
    box.querySelector(".sg-filter-select__empty").hidden = shown > 0;
  };

  const choose = (select, option) => {
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  };

  document.addEventListener("input", (event) => {
    if (event.target.matches(FILTER)) apply(event.target);
  });

  document.addEventListener("keydown", (event) => {
    if (!event.target.matches(FILTER)) return;
    const { select } = parts(event.target);
    if (event.key === "Enter") {
      // Enter in the filter box chooses the first match instead of submitting the page form.
      event.preventDefault();
      const [first] = matchingOptions(select);
      if (first) choose(select, first);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      select.focus();
    }
  });
})();
