#!/usr/bin/env bash
# Regenerates the fuzzing seeds under testdata/fuzz/seeds/ (committed; README "Bad input" → "Fuzzing").
# Images: ImageMagick's built-in plasma and gradient patterns (no outside content), re-coded with libjpeg-turbo's
# jpegtran for the JPEG variants ImageMagick cannot write. Lists: the layout samples of testdata/lists plus a few
# written here. Index files: written by the fuzz program itself (HashIndexFile.Save of generated hashes).
# Needs Debian's imagemagick, libjpeg-turbo-progs and webp; the outputs are small (a few KB each) so mutants stay fast.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in convert jpegtran gif2webp; do
  command -v "$tool" > /dev/null || { echo "make-seeds: $tool missing (apt-get install imagemagick libjpeg-turbo-progs webp)" >&2; exit 1; }
done

out=testdata/fuzz/seeds
rm -rf "$out"/decoder "$out"/lists "$out"/index "$out"/pixels
mkdir -p "$out"/decoder "$out"/lists "$out"/index
d=$out/decoder
# -strip and the excluded chunks keep every file free of timestamps, so a rerun writes identical bytes.
im() { convert -seed 1 "$@"; }
small=(-size 48x32 plasma:fractal -depth 8 -strip)
png=(-define png:exclude-chunks=date,time,tEXt,zTXt,iTXt)

# JPEG: baseline, progressive, grey, CMYK, 4:4:4, restart markers, arithmetic coding, an EXIF-like APP1, and one
# larger than 512 px so the scaled (n/8) decode path runs.
im "${small[@]}" -quality 80 "$d"/baseline.jpg
jpegtran -progressive -outfile "$d"/progressive.jpg "$d"/baseline.jpg
im "${small[@]}" -colorspace Gray -quality 80 "$d"/gray.jpg
jpegtran -progressive -outfile "$d"/gray-progressive.jpg "$d"/gray.jpg
im "${small[@]}" -colorspace CMYK -quality 80 "$d"/cmyk.jpg
im "${small[@]}" -sampling-factor 1x1 -quality 90 "$d"/444.jpg
jpegtran -restart 1 -outfile "$d"/restart.jpg "$d"/baseline.jpg
jpegtran -arithmetic -outfile "$d"/arithmetic.jpg "$d"/baseline.jpg
im "${small[@]}" -quality 80 -set comment "fuzz seed" "$d"/comment.jpg
im -size 1040x600 gradient:navy-orange -strip -quality 40 "$d"/large.jpg
jpegtran -progressive -outfile "$d"/large-progressive.jpg "$d"/large.jpg

# PNG: RGB, Adam7 interlaced, palette, grey, RGBA, 16-bit.
im "${small[@]}" "${png[@]}" PNG24:"$d"/rgb.png
im "${small[@]}" "${png[@]}" -interlace PNG PNG24:"$d"/interlaced.png
im "${small[@]}" "${png[@]}" -colors 16 PNG8:"$d"/palette.png
im "${small[@]}" "${png[@]}" -colorspace Gray "$d"/gray.png
im "${small[@]}" "${png[@]}" -alpha set -channel A -evaluate set 50% +channel PNG32:"$d"/rgba.png
im -size 24x16 plasma:fractal -strip "${png[@]}" -depth 16 PNG48:"$d"/deep.png

# GIF: still, interlaced, animated (three frames).
im "${small[@]}" -colors 64 "$d"/still.gif
im "${small[@]}" -colors 64 -interlace GIF "$d"/interlaced.gif
im -size 24x16 plasma:fractal -seed 2 plasma:fractal -seed 3 plasma:fractal -strip -colors 32 -delay 10 -loop 0 "$d"/animated.gif

# BMP: 24-bit, 8-bit palette, RLE8, 32-bit with bit fields, 1-bit, OS/2 (12-byte core header).
im "${small[@]}" BMP3:"$d"/rgb24.bmp
im "${small[@]}" -colors 16 -type Palette BMP3:"$d"/palette8.bmp
im "${small[@]}" -colors 16 -type Palette -compress RLE BMP3:"$d"/rle8.bmp
im "${small[@]}" -alpha set BMP:"$d"/argb32.bmp
im "${small[@]}" -type bilevel BMP3:"$d"/mono.bmp
im "${small[@]}" BMP2:"$d"/os2.bmp

# WebP: lossy, lossless, lossy with alpha, animated, and one larger than 512 px (scaled decode).
im "${small[@]}" -quality 75 "$d"/lossy.webp
im "${small[@]}" -define webp:lossless=true "$d"/lossless.webp
im "${small[@]}" -alpha set -channel A -evaluate set 50% +channel -quality 75 "$d"/alpha.webp
# (ImageMagick 6 writes an animated WebP as two RIFF containers back to back: gif2webp makes a proper one.)
gif2webp -quiet -lossy -q 75 "$d"/animated.gif -o "$d"/animated.webp
im -size 1040x600 gradient:navy-orange -strip -quality 40 "$d"/large.webp

# ICO: one BMP-coded icon, two sizes, and a PNG-coded 256 px icon.
im -size 16x16 plasma:fractal -strip -colors 32 "$d"/bmp.ico
im -size 32x32 plasma:fractal -strip -colors 32 -define icon:auto-resize=32,16 "$d"/two-sizes.ico
im -size 256x256 gradient:red-blue -strip -depth 8 -colors 16 -define icon:format=png "$d"/png.ico

# Lists: every layout the readers know.
l=$out/lists
for f in testdata/lists/*; do
  case "$f" in *PROVENANCE.md) ;; *) cp "$f" "$l"/ ;; esac
done
cat > "$l"/plain-pdq.txt <<'LIST'
# known pictures
f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,100
0000000000000000000000000000000000000000000000000000000000000000	50
LIST
cat > "$l"/plain-md5.txt <<'LIST'
d41d8cd98f00b204e9800998ecf8427e  empty.bin
0cc175b9c0f1b6a831c399e269772661
LIST
printf 'da39a3ee5e6b4b0d3255bfef95601890afd80709  empty.bin\n' > "$l"/plain-sha1.txt
printf 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty.bin\n' > "$l"/plain-sha256.txt
cat > "$l"/named.csv <<'LIST'
id,pdq,quality,md5,category,tags,note
a-1,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,100,d41d8cd98f00b204e9800998ecf8427e,test,"x,y","a ""quoted"" note"
a-2,0000000000000000000000000000000000000000000000000000000000000001,80,,,,
LIST
printf 'path\tmd5\tpdq\tquality\twidth\theight\nphoto.jpg\td41d8cd98f00b204e9800998ecf8427e\tf8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\t100\t48\t32\n' > "$l"/hash-output.tsv

# Index files (v1) and pixel-target inputs: written by the fuzz program (the library saves the index files).
dotnet run --project fuzz/HashMatch.Fuzz -c Release -- write-seeds "$out"
ls -l "$out"/*/ | awk '{ s += $5 } END { print "seeds: " s " bytes" }'
