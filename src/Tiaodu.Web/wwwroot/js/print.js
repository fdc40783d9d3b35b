// Buttons marked data-print print the page (the wall charts are laid out for paper too).
document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
});
