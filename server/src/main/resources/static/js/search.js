// The search form: choosing a site offers only that site's cameras (the server does the same when it renders the
// page with a site chosen). Loaded as a file: the CSP forbids inline script.
(function () {
  'use strict';
  document.querySelectorAll('select[data-narrows]').forEach(function (siteSelect) {
    var cameras = document.getElementById(siteSelect.dataset.narrows);
    if (!cameras) {
      return;
    }
    siteSelect.addEventListener('change', function () {
      var site = siteSelect.value;
      cameras.querySelectorAll('optgroup').forEach(function (group) {
        var shown = !site || group.dataset.site === site;
        group.hidden = !shown;
        group.disabled = !shown;
      });
      var chosen = cameras.options[cameras.selectedIndex];
      if (chosen && chosen.parentElement.tagName === 'OPTGROUP' && chosen.parentElement.disabled) {
        cameras.value = '';
      }
    });
  });
}());
