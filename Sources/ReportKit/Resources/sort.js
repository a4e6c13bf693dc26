// Sorts the ranked table by the clicked column: numbers by value, text in the page's language order.
(function () {
  var table = document.getElementById('ranked');
  if (!table) return;
  var heads = table.tHead.rows[0].cells;
  var lang = document.documentElement.lang;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, lang);
        return ascending ? c : -c;
      });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
