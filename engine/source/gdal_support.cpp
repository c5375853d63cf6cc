#include "source/gdal_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "geo/crs.hpp"

namespace gs {

void registerGdalDrivers() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

void GdalMessages::warn(std::string message) {
    if (warnings.size() < kMaxWarnings && std::find(warnings.begin(), warnings.end(), message) == warnings.end())
        warnings.push_back(std::move(message));
}

void CPL_STDCALL GdalMessages::collect(CPLErr level, CPLErrorNum, const char* text) {
    auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
    std::string message = text ? text : "";
    // SQLite errors span lines; a message must stay on one.
    std::replace(message.begin(), message.end(), '\n', ' ');
    if (level >= CE_Failure && self->error_.empty())
        self->error_ = std::move(message);
    else if (level == CE_Warning)
        self->warn(std::move(message));
}

std::string gdalReason(GdalMessages& messages) {
    std::string error = messages.takeError();
    return error.empty() ? std::string() : " (GDAL: " + error + ")";
}

std::string redacted(std::string text) {
    for (size_t at = text.find("password="); at != std::string::npos; at = text.find("password=", at)) {
        at += 9;
        size_t end = text.find_first_of(" '\"", at);
        text.replace(at, end == std::string::npos ? std::string::npos : end - at, "***");
    }
    return text;
}

std::string quoteIdentifier(const std::string& name) {
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

namespace {

Status pickLayer(const SourceSpec& spec, GdalLayer& out, GdalMessages& messages) {
    const std::string source = redacted(spec.source);
    GDALDataset* dataset = out.dataset.get();
    if (!spec.sql.empty()) {
        out.layer = dataset->ExecuteSQL(spec.sql.c_str(), nullptr, nullptr);
        if (!out.layer) return Error{source + ": bad sql \"" + spec.sql + "\"" + gdalReason(messages)};
        out.isSqlResult = true;
        out.name = "sql";
        out.label = source + " sql \"" + spec.sql + "\"";
        return {};
    }
    // Listed in errors; a database may hold hundreds of tables.
    constexpr int kMaxListed = 20;
    std::string names;
    for (int i = 0; i < std::min(dataset->GetLayerCount(), kMaxListed); ++i)
        names += (i ? ", " : "") + std::string(dataset->GetLayer(i)->GetName());
    if (dataset->GetLayerCount() > kMaxListed) names += ", ...";
    if (spec.layer.empty()) {
        if (dataset->GetLayerCount() != 1) {
            return Error{source + (names.empty()
                                       ? " has no layers"
                                       : " has " + std::to_string(dataset->GetLayerCount()) +
                                             " layers; choose one with \"layer\" (or SRC:LAYER): " + names)};
        }
        out.layer = dataset->GetLayer(0);
    } else {
        out.layer = dataset->GetLayerByName(spec.layer.c_str());
        messages.takeError();  // a failed lookup may log; the error below says it better
        if (!out.layer) return Error{source + ": no layer \"" + spec.layer + "\" (layers: " + names + ")"};
    }
    out.name = out.layer->GetName();
    out.label = source + " layer " + out.name;
    return {};
}

}  // namespace

Result<GdalLayer> openGdalLayer(const SourceSpec& spec, GdalMessages& messages,
                                const std::vector<std::string>& openOptions) {
    registerGdalDrivers();
    const std::string source = redacted(spec.source);
    if (spec.source.empty()) return Error{"no source given"};
    if (!spec.sql.empty() && !spec.layer.empty())
        return Error{source + ": give either a layer or an sql statement, not both"};
    std::error_code ec;
    // A /vsigzip/ or /vsizip/ path names a file inside: check the file itself.
    std::string file = spec.source;
    for (const char* prefix : {"/vsigzip/", "/vsizip/"})
        if (file.rfind(prefix, 0) == 0) file = file.substr(std::string(prefix).size() - 1);
    if (const size_t zip = file.find(".zip/"); zip != std::string::npos) file = file.substr(0, zip + 4);
    if (!isConnectionString(spec.source) && !std::filesystem::exists(file, ec)) return Error{source + ": no such file"};
    std::vector<const char*> options;
    for (const auto& o : openOptions) options.push_back(o.c_str());
    options.push_back(nullptr);
    GdalLayer out;
    out.dataset.reset(GDALDataset::Open(spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR, nullptr,
                                        openOptions.empty() ? nullptr : options.data()));
    if (!out.dataset) return Error{source + ": not a readable vector source" + gdalReason(messages)};
    if (Status s = pickLayer(spec, out, messages); !s) return s.error();
    // GDAL's OSM driver reads its layers interleaved: reading one alone makes it buffer every
    // other layer's features as it goes. Naming the layer of interest tells it to build only that.
    if (!out.isSqlResult && std::string(out.dataset->GetDriverName()) == "OSM") {
        const std::string sql = "SET interest_layers = " + out.name;
        out.dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    }
    return out;
}

void closeGdalLayer(GdalLayer& layer) {
    if (layer.isSqlResult && layer.layer) layer.dataset->ReleaseResultSet(layer.layer);
    layer.layer = nullptr;
    layer.dataset.reset();
}

Result<LayerCrs> readLayerCrs(const OGRSpatialReference* srs, const std::string& declared, const std::string& label) {
    LayerCrs crs;
    std::string text;
    if (!declared.empty()) {
        text = declared;  // declared: the data is taken as x = longitude/easting
    } else if (srs) {
        char* wkt = nullptr;
        const char* options[] = {"FORMAT=WKT2_2019", nullptr};
        srs->exportToWkt(&wkt, options);
        text = wkt ? wkt : "";
        CPLFree(wkt);
        // GDAL states which stored axis is which; the engine wants longitude/easting first.
        const std::vector<int>& mapping = srs->GetDataAxisToSRSAxisMapping();
        OGRAxisOrientation first = OAO_Other;
        if (!mapping.empty()) srs->GetAxis(nullptr, std::abs(mapping[0]) - 1, &first);
        crs.swapXY = first == OAO_North || first == OAO_South;
    }
    if (text.empty()) {
        return Error{label +
                     " has no CRS: declare one with \"crs\" in the layer config or --src-crs on the "
                     "command line"};
    }
    auto info = describeCrs(text);
    if (!info) return Error{label + ": " + info.error().message};
    crs.wkt = info->wkt;
    crs.name = info->shortName;
    return crs;
}

}  // namespace gs
