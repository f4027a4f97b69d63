// Photos are made small on the device before they are kept or sent: longest side ``side`` px
// (about 2000), JPEG. Drawing on a canvas and encoding again also drops the EXIF data, so a
// photo's GPS position never leaves the phone. A small copy (320 px) is kept for the lists.
(function (root) {
  "use strict";

  function scaled(bitmap, side, quality) {
    var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve, reject) {
      canvas.toBlob(
        function (blob) {
          return blob ? resolve({ blob: blob, width: canvas.width, height: canvas.height }) : reject(new Error("encode"));
        },
        "image/jpeg",
        quality,
      );
    });
  }

  // -> [{blob, width, height} at ``side``, {blob, ...} at 320 px]; rejects on a damaged file.
  function downscale(file, side) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      return Promise.all([scaled(bitmap, side, 0.85), scaled(bitmap, 320, 0.7)]).then(
        function (out) {
          bitmap.close();
          return out;
        },
        function (error) {
          bitmap.close();
          throw error;
        },
      );
    });
  }

  root.CapturePhotos = { downscale: downscale };
})(window);
