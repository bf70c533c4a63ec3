/* The network map: draws the page's JSON (/netwerk.json with the same filters) with Cytoscape.js.
   The page works without it: the figures are in the HTML and the list view holds the same data.
   Nothing animates (layout, centring), so a reduced-motion preference needs no special case. */
(function () {
  "use strict";

  const container = document.getElementById("network-map");
  const status = document.getElementById("network-map-status");
  if (!container || typeof window.cytoscape !== "function") {
    return;
  }
  // The force-directed layout costs the square of the organisations per step; above this many,
  // rings by number of ties (most connected in the middle) draw at once.
  const FORCE_LAYOUT_LIMIT = 400;
  // Above this many ties, edges hide while panning and zooming so the map stays responsive.
  const MANY_TIES = 3000;
  // The most connected organisations keep their names on the map; the others show theirs when zoomed in.
  const NAMED = 10;

  function sectorColours() {
    const colours = {};
    document.querySelectorAll(".rimpel-legend [data-sector]").forEach(function (swatch) {
      colours[swatch.dataset.sector] = window.getComputedStyle(swatch).backgroundColor;
    });
    return colours;
  }

  function largest(values) {
    return values.reduce(function (most, value) { return Math.max(most, value); }, 1);
  }

  function elements(data) {
    const colours = sectorColours();
    const mostActivities = largest(data.organisations.map(function (o) { return o.activities; }));
    const heaviest = largest(data.ties.map(function (t) { return t.weight; }));
    const count = data.organisations.length;
    const named = new Set(data.organisations.slice().sort(function (a, b) { return b.ties - a.ties; })
      .slice(0, NAMED).filter(function (o) { return o.ties > 0; }).map(function (o) { return o.id; }));
    // Start on a circle in the server's fixed order: the layout then comes out the same on every visit.
    const nodes = data.organisations.map(function (o, index) {
      const angle = 2 * Math.PI * index / count;
      return {
        group: "nodes",
        data: {
          id: "o" + o.id, name: o.name, url: o.url, sectorLabel: o.sector_label,
          ties: o.ties, activities: o.activities, colour: colours[o.sector] || "#c7c7c7",
          size: 14 + 34 * Math.sqrt(o.activities / mostActivities), named: named.has(o.id),
        },
        position: { x: 500 * Math.cos(angle), y: 500 * Math.sin(angle) },
      };
    });
    const edges = data.ties.map(function (t) {
      return {
        group: "edges",
        data: {
          id: "t" + t.source + "-" + t.target, source: "o" + t.source, target: "o" + t.target,
          width: 1 + 5 * Math.sqrt((t.weight - 1) / Math.max(1, heaviest - 1)),
        },
      };
    });
    return nodes.concat(edges);
  }

  function describe(node) {
    return container.dataset.describe
      .replace("{name}", node.data("name"))
      .replace("{sector}", node.data("sectorLabel"))
      .replace("{ties}", node.data("ties"))
      .replace("{activities}", node.data("activities"));
  }

  function layout(cy) {
    const count = cy.nodes().length;
    if (count <= FORCE_LAYOUT_LIMIT) {
      return {
        name: "cose", randomize: false, animate: false, fit: true, padding: 24,
        nodeRepulsion: function () { return 100000; }, idealEdgeLength: function () { return 90; }, gravity: 0.5,
      };
    }
    // Ring k holds the next 2k + 1 organisations by number of ties: the rings fill evenly outwards.
    const ring = {};
    cy.nodes().sort(function (a, b) { return b.data("ties") - a.data("ties"); }).forEach(function (node, rank) {
      ring[node.id()] = Math.floor(Math.sqrt(rank));
    });
    return {
      name: "concentric", animate: false, fit: true, padding: 24, minNodeSpacing: 2,
      concentric: function (node) { return -ring[node.id()]; },
      levelWidth: function () { return 1; },
    };
  }

  function draw(data) {
    const many = data.ties.length > MANY_TIES;
    container.replaceChildren();
    container.setAttribute("role", "application");
    container.setAttribute("tabindex", "0");
    container.setAttribute("aria-label", container.dataset.label);
    container.setAttribute("aria-describedby", "network-map-help");
    const cy = window.cytoscape({
      container: container,
      elements: elements(data),
      layout: { name: "preset" },
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: true,
      hideEdgesOnViewport: many,
      textureOnViewport: many,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)", width: "data(size)", height: "data(size)",
            "border-width": 1, "border-color": "#1d2329",
            label: "data(name)", "font-size": 11, color: "#1d2329", "min-zoomed-font-size": 16,
            "text-valign": "bottom", "text-margin-y": 3,
            "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2,
          },
        },
        { selector: "node[?named]", style: { "font-size": 13, "font-weight": "bold", "min-zoomed-font-size": 0 } },
        { selector: "node:selected", style: { "border-width": 5, "border-color": "#000", "z-index": 10 } },
        {
          selector: "edge",
          style: {
            "curve-style": "haystack", "haystack-radius": 0, width: "data(width)",
            "line-color": "#7a8793", opacity: many ? 0.15 : 0.55,
          },
        },
      ],
    });
    const running = cy.layout(layout(cy));
    running.one("layoutstop", function () {
      container.dataset.drawn = String(cy.nodes().length);
    });
    running.run();

    // Keyboard: arrows walk the organisations from the most connected, Enter opens one.
    const order = cy.nodes().sort(function (a, b) {
      return b.data("ties") - a.data("ties") || a.data("name").localeCompare(b.data("name"));
    });
    let current = -1;

    function choose(index) {
      current = (index + order.length) % order.length;
      const node = order[current];
      cy.nodes().unselect();
      node.select();
      status.textContent = describe(node);
      const view = cy.extent();
      const at = node.position();
      if (at.x < view.x1 || at.x > view.x2 || at.y < view.y1 || at.y > view.y2) {
        cy.center(node);
      }
    }

    container.addEventListener("keydown", function (event) {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (step) {
        event.preventDefault();
        choose(current < 0 && step < 0 ? -1 : current + step);
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        choose(event.key === "Home" ? 0 : -1);
      } else if (event.key === "Enter" && current >= 0) {
        window.location.assign(order[current].data("url"));
      } else if (event.key === "Escape") {
        cy.nodes().unselect();
        current = -1;
        status.textContent = "";
      }
    });
    cy.on("tap", "node", function (event) {
      window.location.assign(event.target.data("url"));
    });
    cy.on("mouseover", "node", function (event) {
      status.textContent = describe(event.target);
      container.style.cursor = "pointer";
    });
    cy.on("mouseout", "node", function () {
      container.style.cursor = "";
    });
  }

  fetch(container.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      status.textContent = container.dataset.error;
    });
}());
