// Progress photos from a phone: each picture is scaled down (longest side 1600 px) and sent with a 320 px
// copy for the lists, one request per picture, so a slow network carries a fraction of the camera's bytes.
// Without canvas support the form is sent as it is, with the originals.
(function () {
    function scaled(bitmap, longest, quality) {
        var ratio = Math.min(1, longest / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.round(bitmap.width * ratio));
        canvas.height = Math.max(1, Math.round(bitmap.height * ratio));
        canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', quality); });
    }

    document.querySelectorAll('form[data-photos]').forEach(function (form) {
        form.addEventListener('submit', function (event) {
            var input = form.querySelector('input[type=file]');
            if (!window.createImageBitmap || !window.fetch || !input.files.length) {
                return;
            }

            event.preventDefault();
            var token = form.querySelector('input[name=__RequestVerificationToken]').value;
            var button = form.querySelector('button[type=submit]');
            button.disabled = true;
            var files = Array.prototype.slice.call(input.files);
            files.reduce(function (previous, file) {
                return previous.then(function () {
                    return createImageBitmap(file).then(function (bitmap) {
                        return Promise.all([scaled(bitmap, 1600, 0.85), scaled(bitmap, 320, 0.8)]);
                    }).then(function (blobs) {
                        var body = new FormData();
                        body.append('__RequestVerificationToken', token);
                        body.append('photo', blobs[0], 'photo.jpg');
                        body.append('thumb', blobs[1], 'thumb.jpg');
                        return fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' });
                    });
                });
            }, Promise.resolve()).then(function () {
                window.location.hash = 'photos';
                window.location.reload();
            }, function () {
                // A picture the browser cannot read: send the originals instead.
                form.submit();
            });
        });
    });
})();
