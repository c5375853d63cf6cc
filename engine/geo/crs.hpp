// Coordinate reference systems through PROJ, with RAII ownership of PROJ's C handles.
//
// Threading: a PROJ context is not thread-safe, and every PROJ object is bound to the context it
// was made in. So each Crs (and each Transformer, see transformer.hpp) owns its own context, and an
// object may be used by one thread at a time. A worker that needs the same CRS makes its own copy
// with clone(), which rebuilds it in a fresh context.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/types.hpp"

// PROJ's handle types, declared here so that users of this header do not include proj.h.
struct pj_ctx;
struct PJconsts;

namespace gs {

// One PROJ context. Its log messages are captured (instead of going to stderr) so that errors can
// quote PROJ's own reason.
class ProjContext {
public:
    ProjContext();
    ~ProjContext();
    ProjContext(ProjContext&&) noexcept;
    ProjContext& operator=(ProjContext&&) noexcept;

    pj_ctx* get() const;
    // PROJ's last error: the last logged message, else the text of the context's error number.
    // Empty when there is none. Clears both.
    std::string takeError();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Owns one PROJ object (a CRS or a coordinate operation).
struct PjDeleter {
    void operator()(PJconsts* pj) const;
};
using PjPtr = std::unique_ptr<PJconsts, PjDeleter>;

// Where a CRS may be used, in degrees of longitude and latitude. west > east when it crosses the
// antimeridian.
struct AreaOfUse {
    std::string name;
    Box lonLat;
};

class Crs {
public:
    // Anything PROJ accepts: "EPSG:4326", "OGC:CRS84", WKT (1 or 2, ESRI flavour included),
    // PROJJSON, or a PROJ string ("+proj=longlat +datum=WGS84"; "+type=crs" is added if missing).
    // The error names the text and quotes PROJ's reason.
    static Result<Crs> fromText(std::string_view text);

    // The same CRS in a new context, for use on another thread.
    Result<Crs> clone() const { return fromText(text_); }

    // The text this CRS was made from.
    const std::string& text() const { return text_; }
    // Human name, e.g. "WGS 84" or "CGCS2000 / 3-degree Gauss-Kruger CM 114E".
    std::string name() const;
    // "AUTH:CODE" when PROJ can identify the CRS (e.g. "EPSG:4326"), else the name.
    std::string shortName() const;
    // WKT2 (2019) text.
    std::string wkt() const;
    // True for geographic (lon/lat) CRSs, also when wrapped in a bound or compound CRS.
    bool isGeographic() const;
    std::optional<AreaOfUse> areaOfUse() const;

    // For the geo module: the PROJ object and its context.
    PJconsts* pj() const { return pj_.get(); }
    pj_ctx* context() const { return context_->get(); }

private:
    Crs() = default;

    // unique_ptr so that the context's address (which PROJ objects keep) survives moves; declared
    // before pj_ so that the object is destroyed first.
    std::unique_ptr<ProjContext> context_;
    PjPtr pj_;
    std::string text_;
};

// Plain facts about a CRS, for `gridscope info` and for validating configuration.
struct CrsInfo {
    std::string name;
    std::string shortName;
    std::string wkt;
    bool geographic = false;
    std::optional<AreaOfUse> area;
};
Result<CrsInfo> describeCrs(std::string_view text);

// Why `text` cannot be the CRS it is meant to be, if it cannot; `projected` also rejects lon/lat
// CRSs (the display needs metres).
std::optional<std::string> crsProblem(const std::string& text, bool projected);

bool isGeographic(const Crs& crs);

// Whether a display CRS text names Web Mercator (EPSG:3857, or its old code EPSG:900913): its
// units are metres only at the equator, so ground lengths, areas and widths in metres are scaled.
bool isWebMercator(std::string_view crs);

// Creates a CRS object in ctx (used by Crs and Transformer). `what` names the CRS in errors.
Result<PjPtr> createCrsIn(ProjContext& ctx, std::string_view text);

}  // namespace gs
