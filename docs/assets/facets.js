/* Narrowing a section index (people, organisations, places, events, articles) by country, topic
   and year. Without this script the index is a whole list, grouped by country or by year. With it,
   a form above the list hides the rows that do not match and the groups left empty, and keeps the
   choice in the page's address (?country=north-korea&topic=sanctions-on-north-korea) so that a
   narrowed list can be shared. It reads window.briefingsFacets, which the generator writes beside
   the data files (data/facets/FOLDER.js, and one per year or month page): for each record id, its countries, topics and years.
   Names from the briefings reach the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  var data = window.briefingsFacets;
  var content = document.querySelector(".md-content__inner");
  if (!data || !content || !data.facets || !data.facets.length) return;

  /* The id of the record a row's name links to: kim-jong-un/, kim-jong-un.html or
     kim-jong-un/index.html. */
  function recordId(link) {
    var path = (link.getAttribute("href") || "").split("#")[0].split("?")[0];
    var parts = path.split("/").filter(function (part) { return part && part !== "index.html"; });
    return parts.length ? parts[parts.length - 1].replace(/\.html$/, "") : null;
  }
  function box(table) {
    return table.closest(".md-typeset__scrollwrap") || table;
  }
  /* The heading a table sits under, if that heading heads a group of this list. */
  function groupHeading(table) {
    for (var element = box(table).previousElementSibling; element; element = element.previousElementSibling) {
      if (element.tagName === "H2") return element;
      if (element.tagName === "TABLE" || element.classList.contains("md-typeset__scrollwrap")) return null;
    }
    return null;
  }

  /* The tables that list the records, each with its rows and its group's heading and contents
     entry. A row the data does not know (a record newer than a cached data file) matches no
     choice, so it shows only while nothing is chosen. */
  var none = data.facets.map(function () { return []; });
  var groups = [];
  content.querySelectorAll("table").forEach(function (table) {
    var group = { table: table, rows: [] };
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var link = row.querySelector("td:first-child a[href]");
      var id = link && recordId(link);
      var known = id && Object.prototype.hasOwnProperty.call(data.entries, id);
      var entry = { row: row, values: known ? data.entries[id] : none };
      group.rows.push(entry);
    });
    if (!group.rows.length || !group.rows.some(function (entry) { return entry.values !== none; })) return;
    group.heading = groupHeading(table);
    group.contents = [];
    if (group.heading) {
      document.querySelectorAll(".md-nav--secondary a").forEach(function (link) {
        if (link.getAttribute("href") === "#" + group.heading.id) group.contents.push(link.parentNode);
      });
    }
    groups.push(group);
  });
  var rows = [];
  groups.forEach(function (group) { rows = rows.concat(group.rows); });
  if (!rows.length) return;

  /* A choice in the address that this list does not offer (a renamed record, a year from
     another page) is dropped from the address rather than kept unseen. */
  var FACET_KEYS = data.keys || [];  /* every facet there is; this page may offer fewer */
  var params = new URLSearchParams(location.search);
  function offered(facet, value) {
    return facet.values.some(function (known) { return known[0] === value; });
  }
  var form = document.createElement("form");
  form.className = "facets";
  form.setAttribute("aria-label", "Narrow the " + data.noun[1]);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var selects = data.facets.map(function (facet) {
    var label = document.createElement("label");
    var caption = document.createElement("span");
    caption.textContent = facet.label;
    var select = document.createElement("select");
    select.name = facet.key;
    var every = document.createElement("option");
    every.value = "";
    every.textContent = facet.every;
    select.appendChild(every);
    facet.values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value[0];
      option.textContent = value[1];
      select.appendChild(option);
    });
    var wanted = params.get(facet.key);
    if (wanted && offered(facet, wanted)) select.value = wanted;
    select.addEventListener("change", function () { apply(true); });
    label.appendChild(caption);
    label.appendChild(select);
    form.appendChild(label);
    return select;
  });
  var reset = document.createElement("button");
  reset.type = "button";
  reset.className = "facets__reset";
  reset.textContent = "Show all";
  reset.addEventListener("click", function () {
    selects.forEach(function (select) { select.value = ""; });
    apply(true);
    selects[0].focus();
  });
  form.appendChild(reset);
  var status = document.createElement("p");
  status.className = "facets__status";
  status.setAttribute("role", "status");
  form.appendChild(status);

  function chosen() {
    return selects.map(function (select, column) {
      var number = -1;
      data.facets[column].values.forEach(function (value, index) { if (value[0] === select.value) number = index; });
      return number;
    });
  }

  /* How many rows would show for each value of each facet, given the other facets' choices: the
     counts beside the choices. */
  function counts(choice) {
    var tally = data.facets.map(function (facet) { return facet.values.map(function () { return 0; }); });
    rows.forEach(function (entry) {
      data.facets.forEach(function (facet, column) {
        var fits = choice.every(function (number, other) {
          return other === column || number < 0 || entry.values[other].indexOf(number) >= 0;
        });
        if (fits) entry.values[column].forEach(function (number) { tally[column][number] += 1; });
      });
    });
    return tally;
  }

  function remember(choice) {
    var next = new URLSearchParams(location.search);
    FACET_KEYS.forEach(function (key) { next.delete(key); });
    data.facets.forEach(function (facet, column) {
      if (choice[column] >= 0) next.set(facet.key, facet.values[choice[column]][0]);
    });
    var query = next.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (error) {
      /* A browser that refuses to change a file:// address: the list is still narrowed. */
    }
  }

  function noun(count) { return count === 1 ? data.noun[0] : data.noun[1]; }

  function apply(changed) {
    if (!document.contains(content)) return;
    var choice = chosen();
    var shown = 0;
    rows.forEach(function (entry) {
      var fits = choice.every(function (number, column) {
        return number < 0 || entry.values[column].indexOf(number) >= 0;
      });
      if (entry.row.hidden === fits) entry.row.hidden = !fits;
      if (fits) shown += 1;
    });
    groups.forEach(function (group) {
      var empty = !group.rows.some(function (entry) { return !entry.row.hidden; });
      /* Material may wrap the table after the first narrowing: hide or show both. */
      group.table.hidden = empty;
      box(group.table).hidden = empty;
      if (group.heading) group.heading.hidden = empty;
      group.contents.forEach(function (item) { item.hidden = empty; });
    });
    /* Counts beside the choices; a choice that would empty the list cannot be made. */
    var tally = counts(choice);
    selects.forEach(function (select, column) {
      Array.prototype.forEach.call(select.options, function (option, index) {
        if (index === 0) return;
        var value = data.facets[column].values[index - 1];
        var count = tally[column][index - 1];
        option.textContent = value[1] + " (" + count + ")";
        option.disabled = count === 0 && choice[column] !== index - 1;
      });
    });
    var narrowed = choice.some(function (number) { return number >= 0; });
    reset.disabled = !narrowed;
    /* What the list is narrowed by, in words: a printed page and a screen reader say so too. */
    var by = [];
    choice.forEach(function (number, column) {
      if (number >= 0) by.push(data.facets[column].label + ": " + data.facets[column].values[number][1]);
    });
    status.textContent = narrowed
      ? "Showing " + shown + " of " + rows.length + " " + noun(rows.length) + " (" + by.join("; ") + ")."
      : "Showing all " + rows.length + " " + noun(rows.length) + ".";
    if (changed) remember(choice);
  }

  /* Narrowed as the address asks before the form joins the page, so that a screen reader does
     not announce the status line on arrival; the address loses choices this list does not offer. */
  apply(false);
  var dropped = FACET_KEYS.some(function (key) {
    var facet = data.facets.filter(function (known) { return known.key === key; })[0];
    return params.has(key) && !(facet && offered(facet, params.get(key)));
  });
  if (dropped) remember(chosen());
  var firstTable = groups[0].table;
  var anchor = groups[0].heading || box(firstTable);
  anchor.parentNode.insertBefore(form, anchor);

  /* Once Material has wrapped the tables in their scrolling boxes, hide the boxes of empty ones
     too (the stylesheet does it already where the browser knows :has). */
  if (window.document$) {
    window.document$.subscribe(function () { requestAnimationFrame(function () { apply(false); }); });
  }
})();
