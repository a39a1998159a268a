/*
 * coopmap popups: what a record's tooltip and popup say, built when a feature is hovered or
 * clicked from the record's attributes (coopmap.Store.record) and the vocabularies the runtime
 * was installed with (coopmap.config).
 *
 * Text from records only ever reaches the page through textContent and DOM properties, never
 * as markup; a link is made only for an http(s) address. Needs coopmap-core.js first.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.popup) { return; }

  var el = coopmap.el;

  // --- small helpers -------------------------------------------------------------------------

  // The address to link to, or null unless it is an http(s) URL.
  function webUrl(text) {
    var url;
    try { url = new URL(text); } catch (err) { return null; }
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  }

  function label(table, key) {
    return (table && Object.prototype.hasOwnProperty.call(table, key)) ? table[key] : key;
  }

  function sectorInfo(slug) {
    var info = coopmap.config.sectors[slug];
    return info || { label: slug, colour: '#888888' };
  }

  function formatSpec(spec) {
    var value = String(spec.value);
    return spec.key + ': ' + (spec.unit ? value + ' ' + spec.unit : value);
  }

  function formatAmount(amount) {
    var value = Math.round(amount.value).toLocaleString('en-US');
    return value + ' ' + amount.currency;
  }

  // An event's single date is when it happened; a project's is when it began.
  function formatDates(start, end, kind) {
    if (start && end) { return start === end ? start : start + ' \u2013 ' + end; }
    if (start) { return kind === 'event' ? start : 'from ' + start; }
    if (end) { return 'until ' + end; }
    return null;
  }

  function kindLabel(record) {
    if (record.kind === 'event') {
      return 'Event \u00b7 ' + label(coopmap.config.eventTypes, record.event_type);
    }
    return 'Project';
  }

  // --- tooltips and popups -------------------------------------------------------------------

  function row(table, name, value) {
    if (value === null || value === undefined || value === '' ||
        (Array.isArray(value) && value.length === 0)) { return; }
    var tr = el('tr', null, null, table);
    el('th', null, name, tr);
    var td = el('td', null, null, tr);
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
  }

  function list(items, format) {
    if (!items || !items.length) { return null; }
    if (items.length === 1) { return document.createTextNode(format(items[0])); }
    var ul = el('ul');
    items.forEach(function (item) { el('li', null, format(item), ul); });
    return ul;
  }

  function organisationText(org) {
    return org.name + ' (' + label(coopmap.config.roles, org.role) + ')';
  }

  function participantText(p) {
    var extra = [p.role, p.country].filter(Boolean);
    return extra.length ? p.name + ' (' + extra.join(', ') + ')' : p.name;
  }

  function locationText(loc) {
    var text = loc.name + ' \u2014 ' + coopmap.precision(loc.precision).label;
    if (loc.resolved_name && loc.resolved_name !== loc.name) {
      text += ' (' + loc.resolved_name + ')';
    }
    if (loc.country) { text += ', ' + loc.country; }
    return text;
  }

  function locationsNode(locations, current) {
    if (!locations || !locations.length) { return null; }
    if (locations.length === 1) { return document.createTextNode(locationText(locations[0])); }
    var ul = el('ul');
    locations.forEach(function (loc, index) {
      el('li', index === current ? 'coopmap-current' : null, locationText(loc), ul);
    });
    return ul;
  }

  function sourceNode(source) {
    var item = el('li');
    var href = typeof source.url === 'string' ? webUrl(source.url) : null;
    if (href) {
      var a = el('a', null, source.title, item);
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    } else {
      item.appendChild(document.createTextNode(source.title));
      if (source.url) { el('span', 'coopmap-url', ' ' + source.url, item); }
    }
    var extra = [source.publisher, source.date].filter(Boolean);
    if (extra.length) { item.appendChild(document.createTextNode(' \u2014 ' + extra.join(', '))); }
    return item;
  }

  function linkText(refs) {
    return function (link) {
      var title = refs && Object.prototype.hasOwnProperty.call(refs, link.project)
        ? refs[link.project] : link.project;
      return label(coopmap.config.linkTypes, link.type) + ': ' + title;
    };
  }

  function statusChangeText(change) {
    var text = label(coopmap.config.statuses, change.status);
    if (change.date) { text += ' from ' + change.date; }
    if (change.source && change.source.title) { text += ' (' + change.source.title + ')'; }
    return text;
  }

  var SHOWN = ['id', 'title', 'kind', 'event_type', 'sectors', 'status', 'status_date',
    'status_history', 'start',
    'end', 'locations', 'organisations', 'participants', 'specs', 'amount', 'countries',
    'outcomes', 'links', 'sources', 'notes', 'draft'];

  /** The tooltip of ``child``, a feature of the record layer ``layer``. */
  function tooltipContent(layer, child) {
    var record = layer.recordOf(child);
    var loc = (record.locations || [])[child._coopmap.l];
    var box = el('div', 'coopmap-tip');
    el('div', 'coopmap-tip-title', record.title, box);
    var sub = kindLabel(record);
    if (loc) { sub += ' \u2014 ' + loc.name + ' (' + coopmap.precision(loc.precision).label + ')'; }
    el('div', 'coopmap-tip-sub', sub, box);
    return box;
  }

  /** The popup of ``child``, a feature of the record layer ``layer``. */
  function popupContent(layer, child) {
    var record = layer.recordOf(child);
    var box = el('div', 'coopmap-card');
    el('div', 'coopmap-title', record.title, box);
    var kind = el('div', 'coopmap-kind', null, box);
    el('span', 'coopmap-kind-label', kindLabel(record), kind);
    if (record.draft) { el('span', 'coopmap-draft', 'draft', kind); }
    var chips = el('div', 'coopmap-chips', null, box);
    (record.sectors || []).forEach(function (slug) {
      var chip = el('span', 'coopmap-chip', sectorInfo(slug).label, chips);
      chip.style.borderLeftColor = sectorInfo(slug).colour;
    });

    var table = el('table', 'coopmap-facts', null, box);
    if (record.status) {
      var status = label(coopmap.config.statuses, record.status);
      if (record.status_date) { status += ' (as of ' + record.status_date + ')'; }
      row(table, 'Status', status);
    }
    var history = record.status_history || [];
    if (history.length > 1 || history.some(function (c) { return c.source; })) {
      row(table, 'Status history', list(history, statusChangeText));
    }
    row(table, 'Dates', formatDates(record.start, record.end, record.kind));
    row(table, 'Location', locationsNode(record.locations, child._coopmap.l));
    row(table, 'Organisations', list(record.organisations, organisationText));
    row(table, 'Participants', list(record.participants, participantText));
    row(table, 'Specifications', list(record.specs, formatSpec));
    row(table, 'Amount', record.amount ? formatAmount(record.amount) : null);
    row(table, 'Countries', (record.countries || []).join(', '));
    row(table, 'Outcomes', list(record.outcomes, String));
    row(table, 'Linked projects', list(record.links, linkText(layer.store.payload.refs)));
    Object.keys(record).forEach(function (key) {
      if (SHOWN.indexOf(key) >= 0) { return; }
      var value = record[key];
      row(table, key.replace(/_/g, ' '),
          typeof value === 'string' ? value : JSON.stringify(value));
    });

    if (record.notes) { el('div', 'coopmap-notes', record.notes, box); }
    if (record.sources && record.sources.length) {
      el('div', 'coopmap-head', 'Sources', box);
      var ul = el('ul', 'coopmap-sources', null, box);
      record.sources.forEach(function (source) { ul.appendChild(sourceNode(source)); });
    }
    el('div', 'coopmap-id', 'id: ' + record.id, box);
    return box;
  }

  /** One line on a record, for a list of records: kind, sectors, dates. */
  function summaryText(record) {
    var parts = [kindLabel(record)];
    var sectors = (record.sectors || []).map(function (slug) { return sectorInfo(slug).label; });
    if (sectors.length) { parts.push(sectors.join(', ')); }
    var dates = formatDates(record.start, record.end, record.kind);
    if (dates) { parts.push(dates); }
    return parts.join(' \u00b7 ');
  }

  coopmap.tooltip = tooltipContent;
  coopmap.popup = popupContent;
  coopmap.summary = summaryText;
  coopmap.sectorColour = function (slug) { return sectorInfo(slug).colour; };
}());
