// The floor for `npm run avatar -- prepare`: sharp alone, resizing a photo to the avatar's size and quality.
// Plain JavaScript started by plain node: no project code, no loader. Used by bench/startup.ts.
"use strict";
const sharp = require("sharp");

const [input, output] = process.argv.slice(2);
sharp(input)
  .rotate()
  .resize(800, 800, { fit: "cover" })
  .jpeg({ quality: 87 })
  .toFile(output)
  .catch((err) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  });
