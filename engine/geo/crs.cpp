#include "geo/crs.hpp"

#include <proj.h>

#include <algorithm>
#include <cassert>
#include <cctype>

namespace gs {

// ---------------------------------------------------------------------------------------------
// ProjContext

struct ProjContext::State {
    PJ_CONTEXT* ctx = nullptr;
    std::string lastLog;
};

namespace {

void captureLog(void* appData, int level, const char* message) {
    // Only errors explain failures; debug and trace output would bury them.
    if (level > PJ_LOG_ERROR || !message) return;
    static_cast<std::string*>(appData)->assign(message);
}

// Error messages quote the CRS text; a WKT string can be pages long.
std::string quoteCrs(std::string_view text) {
    constexpr size_t kMax = 80;
    std::string quoted(text.substr(0, kMax));
    std::replace(quoted.begin(), quoted.end(), '\n', ' ');
    return "\"" + quoted + (text.size() > kMax ? "...\"" : "\"");
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Bound CRSs (a CRS with +towgs84) and compound CRSs (horizontal + vertical) describe their
// horizontal part through a sub-object; the facts a map needs come from that part.
PjPtr horizontalPart(PJ_CONTEXT* ctx, const PJ* crs) {
    switch (proj_get_type(crs)) {
    case PJ_TYPE_BOUND_CRS: return PjPtr(proj_get_source_crs(ctx, crs));
    case PJ_TYPE_COMPOUND_CRS: return PjPtr(proj_crs_get_sub_crs(ctx, crs, 0));
    default: return PjPtr(proj_clone(ctx, crs));
    }
}

}  // namespace

ProjContext::ProjContext() : state_(std::make_unique<State>()) {
    state_->ctx = proj_context_create();
    assert(state_->ctx && "PROJ could not create a context (out of memory?)");
    proj_log_func(state_->ctx, &state_->lastLog, captureLog);
}

ProjContext::~ProjContext() {
    if (state_) proj_context_destroy(state_->ctx);
}

ProjContext::ProjContext(ProjContext&&) noexcept = default;
ProjContext& ProjContext::operator=(ProjContext&&) noexcept = default;

PJ_CONTEXT* ProjContext::get() const { return state_->ctx; }

std::string ProjContext::takeError() {
    std::string message = std::move(state_->lastLog);
    state_->lastLog.clear();
    int err = proj_context_errno(state_->ctx);
    if (message.empty() && err != 0) message = proj_context_errno_string(state_->ctx, err);
    return message;
}

void PjDeleter::operator()(PJ* pj) const { proj_destroy(pj); }

// ---------------------------------------------------------------------------------------------
// Crs

Result<PjPtr> createCrsIn(ProjContext& ctx, std::string_view rawText) {
    std::string text(trim(rawText));
    if (text.empty()) return Error{"empty CRS: give e.g. \"EPSG:4326\""};
    ctx.takeError();
    PjPtr pj(proj_create(ctx.get(), text.c_str()));
    // "+proj=longlat +datum=WGS84" alone is an operation to PROJ; users mean the CRS.
    if (pj && !proj_is_crs(pj.get()) && text.front() == '+' && text.find("type=crs") == std::string::npos) {
        pj.reset(proj_create(ctx.get(), (text + " +type=crs").c_str()));
    }
    if (!pj) {
        std::string reason = ctx.takeError();
        return Error{"CRS " + quoteCrs(text) + " is not known to PROJ" +
                     (reason.empty() ? "" : " (" + reason + ")")};
    }
    if (!proj_is_crs(pj.get())) {
        return Error{"CRS " + quoteCrs(text) + " is not a coordinate reference system (PROJ reads it as " +
                     "a coordinate operation)"};
    }
    return pj;
}

Result<Crs> Crs::fromText(std::string_view text) {
    Crs crs;
    crs.context_ = std::make_unique<ProjContext>();
    auto pj = createCrsIn(*crs.context_, text);
    if (!pj) return pj.error();
    crs.pj_ = std::move(pj.value());
    crs.text_ = std::string(trim(text));
    return crs;
}

std::string Crs::name() const {
    const char* name = proj_get_name(pj());
    return name ? name : "";
}

std::string Crs::shortName() const {
    PJ_CONTEXT* ctx = context();
    auto idOf = [](const PJ* obj) -> std::string {
        const char* auth = proj_get_id_auth_name(obj, 0);
        const char* code = proj_get_id_code(obj, 0);
        return auth && code ? std::string(auth) + ":" + code : std::string();
    };
    if (std::string id = idOf(pj()); !id.empty()) return id;
    // WKT without an ID (ESRI .prj files, PROJ strings): ask PROJ for a near-certain match.
    int* confidence = nullptr;
    PJ_OBJ_LIST* matches = proj_identify(ctx, pj(), nullptr, nullptr, &confidence);
    std::string id;
    if (matches && proj_list_get_count(matches) > 0 && confidence[0] >= 90) {
        PjPtr best(proj_list_get(ctx, matches, 0));
        id = idOf(best.get());
    }
    proj_int_list_destroy(confidence);
    proj_list_destroy(matches);
    return id.empty() ? name() : id;
}

std::string Crs::wkt() const {
    const char* wkt = proj_as_wkt(context(), pj(), PJ_WKT2_2019, nullptr);
    return wkt ? wkt : "";
}

bool Crs::isGeographic() const {
    PjPtr horizontal = horizontalPart(context(), pj());
    if (!horizontal) return false;
    PJ_TYPE type = proj_get_type(horizontal.get());
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

std::optional<AreaOfUse> Crs::areaOfUse() const {
    double west = 0, south = 0, east = 0, north = 0;
    const char* name = nullptr;
    if (!proj_get_area_of_use(context(), pj(), &west, &south, &east, &north, &name)) {
        // A bound CRS keeps its area on the source CRS.
        PjPtr horizontal = horizontalPart(context(), pj());
        if (!horizontal ||
            !proj_get_area_of_use(context(), horizontal.get(), &west, &south, &east, &north, &name))
            return std::nullopt;
    }
    // PROJ reports -1000 for unknown bounds.
    if (west <= -1000 || south <= -1000 || east <= -1000 || north <= -1000) return std::nullopt;
    AreaOfUse area;
    area.name = name ? name : "";
    area.lonLat.minX = west;
    area.lonLat.minY = south;
    area.lonLat.maxX = east;
    area.lonLat.maxY = north;
    return area;
}

bool isWebMercator(std::string_view crs) { return crs == "EPSG:3857" || crs == "EPSG:900913"; }

bool isGeographic(const Crs& crs) { return crs.isGeographic(); }

Result<CrsInfo> describeCrs(std::string_view text) {
    auto crs = Crs::fromText(text);
    if (!crs) return crs.error();
    CrsInfo info;
    info.name = crs->name();
    info.shortName = crs->shortName();
    info.wkt = crs->wkt();
    info.geographic = crs->isGeographic();
    info.area = crs->areaOfUse();
    return info;
}

std::optional<std::string> crsProblem(const std::string& text, bool projected) {
    auto info = describeCrs(text);
    if (!info) return info.error().message;
    if (projected && info->geographic)
        return "\"" + text + "\" is geographic (degrees); the display needs a projected CRS such as EPSG:3857";
    return std::nullopt;
}

}  // namespace gs
