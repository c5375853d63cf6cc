// PNG writer and reader: what a user of a snapshot sees is the decoded pixels, so every test
// decodes (with libpng) and compares bytes.
#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "image/png.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

// Flat areas, a gradient, and noise: every filter choice and both deflate paths (matches and
// literals) get exercised.
Image testImage(int width, int height, bool opaque, unsigned seed = 1) {
    Image image = Image::filled(width, height, 11, 18, 32);
    std::mt19937 rng(seed);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* p = image.pixel(x, y);
            if ((x / 8 + y / 8) % 3 == 0) p[0] = uint8_t(x * 7 + y), p[1] = uint8_t(y * 3);
            if ((x * 31 + y * 17) % 11 == 0) p[2] = uint8_t(rng());
            if (!opaque) p[3] = uint8_t(x % 5 == 0 ? rng() : 255);
        }
    return image;
}

struct Chunk {
    std::string type;
    std::vector<uint8_t> data;
    bool crcOk = false;
};

uint32_t readU32(const uint8_t* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

// Splits a PNG into chunks and checks each CRC, as pngcheck does.
std::vector<Chunk> parseChunks(const std::vector<uint8_t>& png) {
    std::vector<Chunk> chunks;
    size_t at = 8;
    while (at + 12 <= png.size()) {
        const uint32_t length = readU32(&png[at]);
        if (at + 12 + length > png.size()) break;
        Chunk chunk;
        chunk.type.assign(reinterpret_cast<const char*>(&png[at + 4]), 4);
        chunk.data.assign(png.begin() + long(at) + 8, png.begin() + long(at + 8 + length));
        const uLong crc = crc32(0, &png[at + 4], uInt(length + 4));
        chunk.crcOk = crc == readU32(&png[at + 8 + length]);
        chunks.push_back(std::move(chunk));
        at += 12 + length;
    }
    return chunks;
}

Image decodeOrFail(const std::vector<uint8_t>& png) {
    auto decoded = decodePng(png.data(), png.size());
    EXPECT_TRUE(decoded.ok()) << (decoded.ok() ? "" : decoded.error().message);
    return decoded.ok() ? std::move(decoded).value() : Image{};
}

std::vector<uint8_t> encodeOrFail(const Image& image, const PngOptions& options = {}) {
    auto encoded = encodePng(image, options);
    EXPECT_TRUE(encoded.ok()) << (encoded.ok() ? "" : encoded.error().message);
    return encoded.ok() ? std::move(encoded).value() : std::vector<uint8_t>{};
}

std::string tempPath(const std::string& name) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string file = std::string("gs_") + test->name() + "_" + name;
    return (fs::path(::testing::TempDir()) / file).string();
}

void writeBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                 std::streamsize(bytes.size()));
}

TEST(Png, RoundTripsRgba) {
    const Image image = testImage(64, 48, /*opaque=*/false);
    const auto png = encodeOrFail(image);
    EXPECT_EQ(png[25], 6) << "colour type: RGBA";
    EXPECT_EQ(decodeOrFail(png), image);
}

TEST(Png, OpaqueImageIsWrittenAsRgb) {
    const Image image = testImage(64, 48, /*opaque=*/true);
    const auto rgb = encodeOrFail(image);
    const auto rgba = encodeOrFail(image, {.color = PngColor::Rgba});
    EXPECT_EQ(rgb[25], 2) << "colour type: RGB";
    EXPECT_EQ(rgba[25], 6);
    EXPECT_LT(rgb.size(), rgba.size());
    EXPECT_EQ(decodeOrFail(rgb), image);
    EXPECT_EQ(decodeOrFail(rgba), image);
}

TEST(Png, ForcedRgbDropsAlpha) {
    Image image = testImage(9, 4, /*opaque=*/false);
    const Image decoded = decodeOrFail(encodeOrFail(image, {.color = PngColor::Rgb}));
    for (size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
    EXPECT_EQ(decoded, image);
}

TEST(Png, OddSizesRoundTrip) {
    for (auto [w, h] : {std::pair{1, 1}, {7, 3}, {3841, 5}, {2, 97}})
        for (bool opaque : {true, false})
            for (int threads : {1, 2, 3, 0}) {
                SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h) + " opaque " +
                             std::to_string(opaque) + " threads " + std::to_string(threads));
                const Image image = testImage(w, h, opaque, unsigned(w * h));
                EXPECT_EQ(decodeOrFail(encodeOrFail(image, {.threads = threads})), image);
            }
}

TEST(Png, MultiBandStreamIsOneValidZlibStream) {
    const Image image = testImage(301, 257, /*opaque=*/false);
    const auto single = encodeOrFail(image, {.threads = 1});
    for (int threads : {2, 5, 16}) {
        SCOPED_TRACE("threads " + std::to_string(threads));
        const auto png = encodeOrFail(image, {.threads = threads});
        const auto chunks = parseChunks(png);
        ASSERT_GE(chunks.size(), 3u);
        EXPECT_EQ(chunks.front().type, "IHDR");
        EXPECT_EQ(chunks.back().type, "IEND");
        std::vector<uint8_t> stream;
        int idats = 0;
        for (const Chunk& chunk : chunks) {
            EXPECT_TRUE(chunk.crcOk) << chunk.type;
            if (chunk.type != "IDAT") continue;
            ++idats;
            stream.insert(stream.end(), chunk.data.begin(), chunk.data.end());
        }
        EXPECT_EQ(idats, threads) << "one IDAT per band";
        // zlib's uncompress checks the header and the combined Adler-32 trailer.
        std::vector<uint8_t> raw(size_t(image.height) * (image.stride() + 1) + 1);
        uLongf rawSize = uLongf(raw.size());
        ASSERT_EQ(uncompress(raw.data(), &rawSize, stream.data(), uLong(stream.size())), Z_OK);
        EXPECT_EQ(rawSize, raw.size() - 1);
        EXPECT_EQ(decodeOrFail(png), decodeOrFail(single));
        EXPECT_EQ(decodeOrFail(png), image);
    }
}

// Snapshots stream their framebuffer into the encoder band by band: the file decodes to the same
// pixels as one written from the whole image, whatever the band height, and the reader is asked
// for every row exactly once, top to bottom.
TEST(Png, StreamedRowsDecodeToTheSameImage) {
    for (bool opaque : {true, false}) {
        const Image image = testImage(53, 41, opaque);
        // Up to `threads` bands compress at once, in a ring of threads + 1 buffers.
        for (int threads : {1, 2, 5})
        for (int bandRows : {1, 7, 40, 41, 100}) {
            std::vector<std::pair<int, int>> asked;
            auto read = [&](int y0, int y1, uint8_t* rgba) -> Status {
                asked.push_back({y0, y1});
                std::memcpy(rgba, image.row(y0), image.stride() * size_t(y1 - y0));
                return {};
            };
            PngOptions options{.threads = threads, .color = opaque ? PngColor::Rgb : PngColor::Rgba,
                               .streamBandRows = bandRows};
            auto png = encodePngRows(image.width, image.height, read, options);
            ASSERT_TRUE(png.ok()) << png.error().message;
            EXPECT_EQ((*png)[25], opaque ? 2 : 6);
            EXPECT_EQ(decodeOrFail(*png), image) << "band rows " << bandRows << ", threads " << threads;
            int next = 0;
            for (auto [y0, y1] : asked) {
                EXPECT_EQ(y0, next);
                EXPECT_LE(y1 - y0, bandRows);
                next = y1;
            }
            EXPECT_EQ(next, image.height);
        }
    }
    // A reader that fails stops the encoding with its message.
    auto failing = [](int y0, int, uint8_t*) -> Status {
        if (y0 > 0) return Error{"the framebuffer went away"};
        return {};
    };
    auto bad = encodePngRows(16, 16, failing, {.streamBandRows = 4});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "the framebuffer went away");
}

TEST(Png, EveryLevelDecodes) {
    const Image image = testImage(40, 30, /*opaque=*/true);
    for (int level = 0; level <= 9; ++level)
        EXPECT_EQ(decodeOrFail(encodeOrFail(image, {.level = level, .threads = 3})), image)
            << "level " << level;
}

TEST(Png, EmptyImageIsAnError) {
    auto encoded = encodePng(Image{});
    ASSERT_FALSE(encoded.ok());
    EXPECT_NE(encoded.error().message.find("empty"), std::string::npos);
}

TEST(Png, WritesAndReadsFiles) {
    const std::string path = tempPath("snapshot.png");
    const Image image = testImage(120, 80, /*opaque=*/true);
    ASSERT_TRUE(writePng(path, image).ok());
    auto read = readPng(path);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(*read, image);
    fs::remove(path);
}

TEST(Png, WriteToMissingFolderNamesThePath) {
    const std::string path = tempPath("no/such/folder/out.png");
    const Status status = writePng(path, testImage(4, 4, true));
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().message.find(path), std::string::npos) << status.error().message;
}

TEST(Png, ReadMissingFileNamesIt) {
    const std::string path = tempPath("missing.png");
    auto read = readPng(path);
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.error().message.find(path), std::string::npos) << read.error().message;
}

TEST(Png, ReadCorruptFilesNamesThem) {
    const auto png = encodeOrFail(testImage(50, 40, /*opaque=*/false), {.level = 6});
    std::vector<uint8_t> truncated(png.begin(), png.begin() + long(png.size() / 2));
    std::vector<uint8_t> flipped = png;
    flipped[png.size() / 2] ^= 0x5a;  // inside IDAT: its CRC no longer matches
    const std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o', ' ', 'p', 'n', 'g', '\n'};
    for (const auto& [name, bytes] : {std::pair{"truncated.png", truncated},
                                      {"flipped.png", flipped}, {"text.png", text}}) {
        const std::string path = tempPath(name);
        writeBytes(path, bytes);
        auto read = readPng(path);
        ASSERT_FALSE(read.ok()) << name;
        EXPECT_NE(read.error().message.find(path), std::string::npos) << read.error().message;
        fs::remove(path);
    }
}

// Files from other tools: libpng's writer with layouts our writer never produces.
std::vector<uint8_t> writeWithLibpng(int width, int height, int colorType, int bitDepth,
                                     const std::vector<uint8_t>& rows, bool interlaced,
                                     const std::vector<png_color>& palette = {},
                                     const std::vector<uint8_t>& paletteAlpha = {}) {
    std::vector<uint8_t> out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(
        png, &out,
        [](png_structp p, png_bytep data, size_t size) {
            auto* sink = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(p));
            sink->insert(sink->end(), data, data + size);
        },
        nullptr);
    png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), bitDepth, colorType,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (!palette.empty()) png_set_PLTE(png, info, palette.data(), int(palette.size()));
    if (!paletteAlpha.empty())
        png_set_tRNS(png, info, paletteAlpha.data(), int(paletteAlpha.size()), nullptr);
    png_write_info(png, info);
    const size_t rowBytes = rows.size() / size_t(height);
    std::vector<png_bytep> pointers;
    for (int y = 0; y < height; ++y)
        pointers.push_back(const_cast<png_bytep>(rows.data()) + rowBytes * size_t(y));
    png_write_image(png, pointers.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

TEST(Png, ReadsOtherLayoutsAsRgba) {
    // 8-bit grey, interlaced.
    const Image grey = decodeOrFail(
        writeWithLibpng(3, 2, PNG_COLOR_TYPE_GRAY, 8, {0, 100, 255, 7, 8, 9}, /*interlaced=*/true));
    ASSERT_EQ(grey.width, 3);
    EXPECT_EQ(std::vector<uint8_t>(grey.pixel(1, 0), grey.pixel(1, 0) + 4),
              (std::vector<uint8_t>{100, 100, 100, 255}));

    // Palette with a transparent entry.
    const Image indexed = decodeOrFail(writeWithLibpng(
        2, 1, PNG_COLOR_TYPE_PALETTE, 8, {0, 1}, false, {{10, 20, 30}, {40, 50, 60}}, {128}));
    EXPECT_EQ(indexed.rgba, (std::vector<uint8_t>{10, 20, 30, 128, 40, 50, 60, 255}));

    // 16-bit RGB: scaled to 8 bits.
    const Image deep = decodeOrFail(writeWithLibpng(1, 1, PNG_COLOR_TYPE_RGB, 16,
                                                    {0xff, 0xff, 0x80, 0x80, 0x00, 0x00}, false));
    EXPECT_EQ(deep.rgba, (std::vector<uint8_t>{255, 128, 0, 255}));
}

TEST(Image, FlipVerticallyReversesRows) {
    Image image = Image::filled(2, 3);
    for (int y = 0; y < 3; ++y) image.setPixel(1, y, uint8_t(y), 0, 0);
    image.flipVertically();
    for (int y = 0; y < 3; ++y) EXPECT_EQ(image.pixel(1, y)[0], 2 - y);
}

TEST(Image, IsOpaqueSeesEveryAlpha) {
    for (int width : {1, 2, 3, 1025}) {
        Image image = Image::filled(width, 3, 1, 2, 3);
        EXPECT_TRUE(image.isOpaque());
        image.pixel(width - 1, 2)[3] = 254;  // the very last pixel
        EXPECT_FALSE(image.isOpaque()) << width;
    }
}

}  // namespace
}  // namespace gs
