/* Narrowing a section index (people, organisations, places, events, articles) by country, topic
   and year. Without this script the index is a whole list, grouped by country or by year. With it,
   a form above the list hides the rows that do not match and the groups left empty, and keeps the
   choice in the page's address (?country=north-korea&topic=sanctions-on-north-korea) so that a
   narrowed list can be shared. It reads window.briefingsFacets, which the generator writes beside
   the data files (data/facets/FOLDER.js): for each record id, its countries, topics and years.
   Names from the briefings reach the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  var data = window.briefingsFacets;
  var content = document.querySelector(".md-content__inner");
  if (!data || !content || !data.facets || !data.facets.length) return;

  /* The id of the record a row's first link leads to: kim-jong-un/, kim-jong-un.html or
     kim-jong-un/index.html. */
  function recordId(link) {
    var path = (link.getAttribute("href") || "").split("#")[0].split("?")[0];
    var parts = path.split("/").filter(function (part) { return part && part !== "index.html"; });
    return parts.length ? parts[parts.length - 1].replace(/\.html$/, "") : null;
  }

  var rows = [];
  content.querySelectorAll("table tbody tr").forEach(function (row) {
    var link = row.querySelector("td a[href]");
    var id = link && recordId(link);
    if (id && Object.prototype.hasOwnProperty.call(data.entries, id)) {
      rows.push({ row: row, values: data.entries[id] });
    }
  });
  if (!rows.length) return;

  /* The heading a table sits under, if the heading heads a group of this list. */
  function box(table) {
    return table.closest(".md-typeset__scrollwrap") || table;
  }
  function groupHeading(table) {
    for (var element = box(table).previousElementSibling; element; element = element.previousElementSibling) {
      if (element.tagName === "H2") return element;
      if (element.tagName === "TABLE" || element.classList.contains("md-typeset__scrollwrap")) return null;
    }
    return null;
  }

  var params = new URLSearchParams(location.search);
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
    if (wanted && facet.values.some(function (value) { return value[0] === wanted; })) select.value = wanted;
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

  /* The form goes above the list: before the first group's heading, or the first table. */
  var firstTable = rows[0].row.closest("table");
  var anchor = groupHeading(firstTable) || box(firstTable);
  anchor.parentNode.insertBefore(form, anchor);

  function chosen() {
    return selects.map(function (select) {
      var facet = data.facets[selects.indexOf(select)];
      var number = -1;
      facet.values.forEach(function (value, index) { if (value[0] === select.value) number = index; });
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
    data.facets.forEach(function (facet, column) {
      if (choice[column] >= 0) next.set(facet.key, facet.values[choice[column]][0]);
      else next.delete(facet.key);
    });
    var query = next.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (error) {
      /* A browser that refuses to change a file:// address: the list is still narrowed. */
    }
  }

  function apply(changed) {
    var choice = chosen();
    var shown = 0;
    rows.forEach(function (entry) {
      var fits = choice.every(function (number, column) {
        return number < 0 || entry.values[column].indexOf(number) >= 0;
      });
      entry.row.hidden = !fits;
      if (fits) shown += 1;
    });
    var tables = [];
    rows.forEach(function (entry) {
      var table = entry.row.closest("table");
      if (tables.indexOf(table) < 0) tables.push(table);
    });
    tables.forEach(function (table) {
      var empty = !table.querySelector("tbody tr:not([hidden])");
      /* Material may wrap the table after the first narrowing: hide or show both. */
      table.hidden = empty;
      box(table).hidden = empty;
      var heading = groupHeading(table);
      if (heading) {
        heading.hidden = empty;
        document.querySelectorAll('.md-nav--secondary a[href="#' + heading.id + '"]').forEach(function (link) {
          link.parentNode.hidden = empty;
        });
      }
    });
    var tally = counts(choice);
    selects.forEach(function (select, column) {
      Array.prototype.forEach.call(select.options, function (option, index) {
        if (index === 0) return;
        var value = data.facets[column].values[index - 1];
        option.textContent = value[1] + " (" + tally[column][index - 1] + ")";
      });
    });
    var narrowed = choice.some(function (number) { return number >= 0; });
    reset.disabled = !narrowed;
    var noun = function (count) { return count === 1 ? data.noun[0] : data.noun[1]; };
    status.textContent = narrowed
      ? "Showing " + shown + " of " + rows.length + " " + noun(rows.length) + "."
      : "Showing all " + rows.length + " " + noun(rows.length) + ".";
    if (changed) remember(choice);
  }

  apply(false);
  /* Once Material has wrapped the tables in their scrolling boxes, hide the boxes of empty ones
     too (the stylesheet does it already where the browser knows :has). */
  if (window.document$) {
    window.document$.subscribe(function () { requestAnimationFrame(function () { apply(false); }); });
  }
})();
