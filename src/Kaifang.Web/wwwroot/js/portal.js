// Progressive enhancement only: every page works without this file.
// On narrow screens the search filters come before the results; fold them so the results are in view.
(function () {
    var box = document.querySelector('details.facet-box');
    if (box && window.matchMedia && window.matchMedia('(max-width: 50rem)').matches) {
        box.open = false;
    }
})();
