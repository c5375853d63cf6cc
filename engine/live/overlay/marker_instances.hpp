// Live markers as GPU instances, built on the CPU: one compact MarkerInstance per slot of the live
// store's drawn set, packed from the record (shape by category, colour by status or team, size by
// priority), kept in a CPU mirror whose dirty slot ranges are handed to an uploader. The GL side
// (render/marker_renderer) implements the uploader with glBufferSubData; tests use a fake.
//
// Time-dependent looks (the pulse of a new issue, the ring of an overdue one) are not packed: the
// instance carries its appear and due times and the shader compares them with a clock uniform, so
// an issue that becomes overdue needs no upload.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/types.hpp"
#include "live/overlay/marker_instance.hpp"
#include "live/overlay/marker_style.hpp"
#include "live/store/draw_set.hpp"

namespace gs {

class LiveStore;
class Transformer;

class MarkerPacker {
public:
    // `toDisplay` converts the feed's CRS to the display CRS (null: the feed is in the display CRS)
    // and must outlive the packer. `origin` is in the display CRS.
    MarkerPacker(MarkerStyle style, Vec2d origin, std::int64_t timeBaseMs, const Transformer* toDisplay);

    // One record as drawn now.
    MarkerInstance pack(const LiveStore& store, std::uint32_t rec);
    // Slots [first, end) of the store's drawn set into out[0 .. end-first), projecting in one batch.
    void packSlots(const LiveStore& store, std::uint32_t first, std::uint32_t end, MarkerInstance* out);

    MarkerClock clock(std::int64_t nowMs) const;
    std::int32_t toSeconds(std::int64_t ms) const;  // ms since epoch -> seconds since the base
    Vec2d origin() const { return origin_; }
    std::int64_t timeBaseMs() const { return timeBaseMs_; }
    const MarkerStyle& style() const { return style_; }
    Vec2d displayPoint(const MarkerInstance& m) const { return {origin_.x + m.x, origin_.y + m.y}; }
    // The palette index of a team: teams are coloured in the order they are first seen.
    std::uint8_t teamColor(std::string_view team);

private:
    void packFields(const LiveStore& store, std::uint32_t rec, MarkerInstance& out);
    void place(Vec2d display, MarkerInstance& out) const;

    MarkerStyle style_;
    Vec2d origin_;
    std::int64_t timeBaseMs_;
    const Transformer* toDisplay_;
    std::vector<std::uint8_t> categoryShape_;  // by the store's category index, 0xff unknown yet
    std::unordered_map<std::string, std::uint8_t> teams_;
    std::vector<Vec2d> scratch_;
};

// The CPU mirror of the instance buffer and the rule for patching it: each DrawChanges repacks its
// dirty slot ranges and uploads only those (ranges closer than `mergeGap` slots are sent as one, the
// gap's unchanged instances with them, to save calls). The buffer grows geometrically when the
// drawn count passes its capacity; then, and only then, everything is uploaded once.
class MarkerSlots {
public:
    explicit MarkerSlots(std::uint32_t mergeGap = 16) : mergeGap_(mergeGap) {}

    UploadStats apply(const DrawChanges& changes, const LiveStore& store, MarkerPacker& packer,
                      InstanceUploader& gpu);

    std::uint32_t count() const { return count_; }
    std::uint32_t capacity() const { return capacity_; }
    std::span<const MarkerInstance> instances() const { return {mirror_.data(), count_}; }

private:
    std::uint32_t mergeGap_;
    std::uint32_t count_ = 0, capacity_ = 0;
    std::vector<MarkerInstance> mirror_;
};

}  // namespace gs
