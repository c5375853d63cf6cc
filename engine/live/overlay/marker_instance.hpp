// One live marker as the GPU draws it (a 20-byte instance), the clock the shader compares its times
// with, and the interface through which instances reach a GPU buffer. Plain data: the GL renderer
// (render/overlay_renderer, render/marker_renderer) includes this and nothing of the live store.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

namespace gs {

// 20 bytes. Positions are display-CRS units relative to the packer's origin (floats keep
// centimetres within a city); times are whole seconds relative to the packer's time base (int32:
// ±68 years), so the shader subtracts integers and never loses precision to a float epoch.
struct MarkerInstance {
    static constexpr std::int32_t kNoAppear = std::numeric_limits<std::int32_t>::min();
    static constexpr std::int32_t kNeverDue = std::numeric_limits<std::int32_t>::max();

    enum Flags : std::uint8_t {
        kVolunteer = 1,    // not an issue: never overdue
        kBusy = 2,         // a volunteer on a task: white ring
        kScreenSpace = 4,  // x, y are pixels from the top left (legend icons)
        kBadge = 8,        // a count bubble: no pulse, no overdue ring
        kHidden = 16,      // a point the display CRS cannot show: not drawn
    };

    float x = 0, y = 0;
    std::int32_t appearSec = kNoAppear;  // when an issue was reported; pulses for a while after
    std::int32_t dueSec = kNeverDue;     // overdue once the clock is past it
    std::uint8_t shape = 0;              // MarkerShape
    std::uint8_t color = 0;              // index into the style's palette
    std::uint8_t sizePx = 12;            // diameter at UI scale 1
    std::uint8_t flags = 0;
    friend bool operator==(const MarkerInstance&, const MarkerInstance&) = default;
};
static_assert(sizeof(MarkerInstance) == 20, "the vertex layout in marker_renderer.cpp expects 20 bytes");

// A clock as the shader gets it: whole seconds since the time base and the fraction of the next.
struct MarkerClock {
    std::int32_t sec = 0;
    float frac = 0;
};

// The shader's overdue rule on the CPU (for labels and tests): an issue is overdue when the clock
// is past its due time, to the second; the store's figures use the same rule in milliseconds.
bool markerOverdue(const MarkerInstance& m, MarkerClock clock);
// Seconds since the issue appeared (negative before), or a negative value when it has no time.
double markerAgeSeconds(const MarkerInstance& m, MarkerClock clock);

// Where instances go: a GPU buffer in the renderer, a recorder in tests.
class InstanceUploader {
public:
    virtual ~InstanceUploader() = default;
    // A new buffer of `capacity` instances; its content is undefined until uploaded.
    virtual void allocate(std::uint32_t capacity) = 0;
    // Writes instances to slots [first, first + instances.size()).
    virtual void upload(std::uint32_t first, std::span<const MarkerInstance> instances) = 0;
};

struct UploadStats {
    std::uint32_t ranges = 0;     // upload() calls
    std::uint32_t slots = 0;      // instances written
    bool reallocated = false;     // the buffer grew
};

}  // namespace gs
