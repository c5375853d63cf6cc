#include "live/feed/message_sax.hpp"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "live/feed/json_text.hpp"

namespace gs {
namespace {

using Json = nlohmann::json;

// Where the parser stands in the Feature; values deeper than these are skipped or copied.
enum class Ctx : std::uint8_t { Start, Top, Geometry, Coordinates, Properties, End };
enum class TopKey : std::uint8_t { Type, Id, Geometry, Properties, Other };
enum class GeomKey : std::uint8_t { Type, Coordinates, Other };
enum class Prop : std::uint8_t {
    Kind, Status, Category, Priority, ReportedAt, UpdatedAt, DueAt, ResolvedAt,
    GridId, Title, Team, AssignedIssue, Address, Other,
};

constexpr std::string_view kPropNames[] = {
    "kind",    "status", "category", "priority", "reported_at",    "updated_at", "due_at",
    "resolved_at", "grid_id", "title", "team", "assigned_issue", "address",
};

enum class Type : std::uint8_t { Null, Bool, Integer, Unsigned, Float, String };

struct Scalar {
    Type type;
    bool b = false;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    const std::string* s = nullptr;  // the string, or a float's own lexeme
    bool isNumber() const { return type == Type::Integer || type == Type::Unsigned || type == Type::Float; }
    double number() const { return type == Type::Integer ? double(i) : type == Type::Unsigned ? double(u) : d; }
};

std::string numberText(const Scalar& v) {
    std::string out;
    if (v.type == Type::Integer) appendJsonInteger(out, v.i);
    else if (v.type == Type::Unsigned) appendJsonInteger(out, v.u);
    else if (v.s) out = *v.s;
    return out;
}

class MessageSax {
public:
    MessageSax(LiveMessage& out, SaxFindings& seen) : out_(out), seen_(seen) {}

    // The nlohmann SAX interface.
    bool null() { return scalar({Type::Null}); }
    bool boolean(bool v) { Scalar s{Type::Bool}; s.b = v; return scalar(s); }
    bool number_integer(Json::number_integer_t v) { Scalar s{Type::Integer}; s.i = v; return scalar(s); }
    bool number_unsigned(Json::number_unsigned_t v) { Scalar s{Type::Unsigned}; s.u = v; return scalar(s); }
    bool number_float(Json::number_float_t v, const Json::string_t& lexeme) {
        Scalar s{Type::Float};
        s.d = v;
        s.s = &lexeme;
        return scalar(s);
    }
    bool string(Json::string_t& v) { Scalar s{Type::String}; s.s = &v; return scalar(s); }
    bool binary(Json::binary_t&) { return true; }  // JSON text never produces binary values
    bool start_object(std::size_t) { return open(true); }
    bool start_array(std::size_t) { return open(false); }
    bool end_object() { return close(true); }
    bool end_array() { return close(false); }
    bool key(Json::string_t& k);
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
        jsonError_ = ex.what();
        return false;
    }

    std::optional<Rejection> finish(bool parsed);

private:
    void fail(RejectReason reason, std::string detail) {
        if (!error_) error_ = Rejection{reason, std::move(detail)};
    }
    std::string propName() const { return "properties." + std::string(kPropNames[int(prop_)]); }

    bool scalar(const Scalar& v);
    bool open(bool isObject);
    bool close(bool isObject);
    void topScalar(const Scalar& v);
    void geometryScalar(const Scalar& v);
    void propertyScalar(const Scalar& v);
    bool idText(const Scalar& v, std::string& out);
    void setTime(const Scalar& v, std::int64_t& field);
    void setText(const Scalar& v, std::string& field);

    // Copying an unknown property into out_.extraProperties as compact JSON.
    void extraSeparator() {
        std::string& x = out_.extraProperties;
        if (x.empty()) x.push_back('{');
        else if (x.back() != '{' && x.back() != '[' && x.back() != ':') x.push_back(',');
    }
    void extraScalar(const Scalar& v);

    LiveMessage& out_;
    SaxFindings& seen_;
    std::optional<Rejection> error_;
    std::string jsonError_;
    Ctx ctx_ = Ctx::Start;
    TopKey top_ = TopKey::Other;
    GeomKey geom_ = GeomKey::Other;
    Prop prop_ = Prop::Other;
    int skip_ = 0;     // depth inside a value that is ignored
    int capture_ = 0;  // depth inside an unknown property being copied
};

bool MessageSax::key(Json::string_t& k) {
    if (skip_) return true;
    if (capture_) {
        extraSeparator();
        appendJsonString(out_.extraProperties, k);
        out_.extraProperties.push_back(':');
        return true;
    }
    const std::string_view key = k;
    switch (ctx_) {
    case Ctx::Top:
        top_ = key == "type" ? TopKey::Type : key == "id" ? TopKey::Id : key == "geometry" ? TopKey::Geometry
             : key == "properties" ? TopKey::Properties : TopKey::Other;
        break;
    case Ctx::Geometry:
        geom_ = key == "type" ? GeomKey::Type : key == "coordinates" ? GeomKey::Coordinates : GeomKey::Other;
        break;
    case Ctx::Properties:
        prop_ = Prop::Other;
        for (int i = 0; i < int(Prop::Other); ++i)
            if (kPropNames[i] == key) { prop_ = Prop(i); break; }
        if (prop_ == Prop::Other) {
            extraSeparator();
            appendJsonString(out_.extraProperties, key);
            out_.extraProperties.push_back(':');
        }
        break;
    default:
        break;
    }
    return true;
}

bool MessageSax::open(bool isObject) {
    if (skip_) { ++skip_; return true; }
    if (capture_) {
        extraSeparator();
        out_.extraProperties.push_back(isObject ? '{' : '[');
        ++capture_;
        return true;
    }
    switch (ctx_) {
    case Ctx::Start:
        if (isObject) { ctx_ = Ctx::Top; return true; }
        fail(RejectReason::WrongType, "the message is a JSON array, not a GeoJSON Feature object");
        break;
    case Ctx::Top:
        if (top_ == TopKey::Geometry && isObject) { ctx_ = Ctx::Geometry; seen_.geometryObject = true; return true; }
        if (top_ == TopKey::Properties && isObject) { ctx_ = Ctx::Properties; return true; }
        if (top_ == TopKey::Geometry) fail(RejectReason::BadGeometry, "geometry must be a Point object or null");
        else if (top_ == TopKey::Properties) fail(RejectReason::WrongType, "properties must be an object");
        else if (top_ == TopKey::Id) fail(RejectReason::WrongType, "id must be a string or a number");
        else if (top_ == TopKey::Type) fail(RejectReason::WrongType, "type must be the string \"Feature\"");
        break;
    case Ctx::Geometry:
        if (geom_ == GeomKey::Coordinates && !isObject) {
            ctx_ = Ctx::Coordinates;
            seen_.coordinates = true;
            seen_.coordCount = 0;
            return true;
        }
        if (geom_ != GeomKey::Other)
            fail(RejectReason::BadGeometry, geom_ == GeomKey::Type ? "geometry.type must be a string"
                                                                   : "geometry.coordinates must be an array");
        break;
    case Ctx::Coordinates:
        fail(RejectReason::BadGeometry, "geometry.coordinates must be one position [x, y], not nested arrays");
        break;
    case Ctx::Properties:
        if (prop_ == Prop::Other) {
            out_.extraProperties.push_back(isObject ? '{' : '[');
            capture_ = 1;
            return true;
        }
        fail(RejectReason::WrongType, propName() + " must not be an " + (isObject ? "object" : "array"));
        break;
    case Ctx::End:
        break;
    }
    skip_ = 1;
    return true;
}

bool MessageSax::close(bool isObject) {
    if (skip_) { --skip_; return true; }
    if (capture_) {
        out_.extraProperties.push_back(isObject ? '}' : ']');
        --capture_;
        return true;
    }
    switch (ctx_) {
    case Ctx::Top: ctx_ = Ctx::End; break;
    case Ctx::Geometry: ctx_ = Ctx::Top; break;
    case Ctx::Coordinates: ctx_ = Ctx::Geometry; break;
    case Ctx::Properties: ctx_ = Ctx::Top; break;
    default: break;
    }
    return true;
}

bool MessageSax::scalar(const Scalar& v) {
    if (skip_) return true;
    if (capture_) { extraScalar(v); return true; }
    switch (ctx_) {
    case Ctx::Start:
        fail(RejectReason::WrongType, "the message is a single JSON value, not a GeoJSON Feature object");
        break;
    case Ctx::Top: topScalar(v); break;
    case Ctx::Geometry: geometryScalar(v); break;
    case Ctx::Coordinates:
        if (!v.isNumber()) fail(RejectReason::BadGeometry, "geometry.coordinates must hold numbers");
        else if (seen_.coordCount < 3) seen_.coords[seen_.coordCount] = v.number();
        ++seen_.coordCount;
        break;
    case Ctx::Properties:
        if (prop_ == Prop::Other) extraScalar(v);
        else propertyScalar(v);
        break;
    case Ctx::End: break;
    }
    return true;
}

void MessageSax::extraScalar(const Scalar& v) {
    std::string& x = out_.extraProperties;
    extraSeparator();
    switch (v.type) {
    case Type::Null: x += "null"; break;
    case Type::Bool: x += v.b ? "true" : "false"; break;
    case Type::Integer: appendJsonInteger(x, v.i); break;
    case Type::Unsigned: appendJsonInteger(x, v.u); break;
    case Type::Float: x += *v.s; break;  // the number exactly as the sender wrote it
    case Type::String: appendJsonString(x, *v.s); break;
    }
}

bool MessageSax::idText(const Scalar& v, std::string& out) {
    switch (v.type) {
    case Type::String: out.assign(*v.s); return true;
    case Type::Integer: out.clear(); appendJsonInteger(out, v.i); return true;
    case Type::Unsigned: out.clear(); appendJsonInteger(out, v.u); return true;
    case Type::Float: {
        // 12.0 and 12 name the same thing; other numbers keep their shortest round-trip form.
        out.clear();
        if (std::isfinite(v.d) && v.d == std::trunc(v.d) && std::fabs(v.d) < 9007199254740992.0) {
            appendJsonInteger(out, std::int64_t(v.d));
        } else {
            char buf[32];
            auto r = std::to_chars(buf, buf + sizeof buf, v.d);
            out.append(buf, r.ptr);
        }
        return true;
    }
    default: return false;
    }
}

void MessageSax::topScalar(const Scalar& v) {
    switch (top_) {
    case TopKey::Type:
        if (v.type != Type::String) fail(RejectReason::WrongType, "type must be the string \"Feature\"");
        else if (*v.s != "Feature")
            fail(RejectReason::BadValue, "type is " + quotedForMessage(*v.s) + ", not \"Feature\"");
        break;
    case TopKey::Id:
        if (!idText(v, out_.id)) fail(RejectReason::WrongType, "id must be a string or a number");
        else if (out_.id.empty()) fail(RejectReason::BadValue, "id is empty");
        else seen_.id = true;
        break;
    case TopKey::Geometry:
        if (v.type != Type::Null) fail(RejectReason::BadGeometry, "geometry must be a Point object or null");
        break;
    case TopKey::Properties:
        if (v.type != Type::Null) fail(RejectReason::WrongType, "properties must be an object");
        break;
    case TopKey::Other: break;  // foreign members (bbox, ...) are allowed and ignored
    }
}

void MessageSax::geometryScalar(const Scalar& v) {
    if (geom_ == GeomKey::Type) {
        if (v.type != Type::String) fail(RejectReason::BadGeometry, "geometry.type must be a string");
        else if (*v.s != "Point")
            fail(RejectReason::BadGeometry, "geometry is " + quotedForMessage(*v.s) + ", only a Point is accepted");
        else seen_.geometryType = true;
    } else if (geom_ == GeomKey::Coordinates) {
        fail(RejectReason::BadGeometry, "geometry.coordinates must be an array [x, y]");
    }
}

void MessageSax::setTime(const Scalar& v, std::int64_t& field) {
    if (v.type != Type::String) {
        fail(RejectReason::WrongType, propName() + " must be an RFC 3339 time string");
        return;
    }
    if (auto t = parseRfc3339(*v.s))
        field = *t;
    else
        fail(RejectReason::BadTime, propName() + ": " + quotedForMessage(*v.s) + " is not RFC 3339 with an offset");
}

void MessageSax::setText(const Scalar& v, std::string& field) {
    if (v.type == Type::String) field.assign(*v.s);
    else fail(RejectReason::WrongType, propName() + " must be a string");
}

void MessageSax::propertyScalar(const Scalar& v) {
    if (v.type == Type::Null) return;  // a null property is an absent one
    switch (prop_) {
    case Prop::Kind:
        if (v.type != Type::String) fail(RejectReason::WrongType, "properties.kind must be a string");
        else if (*v.s == "issue") { out_.kind = LiveKind::Issue; seen_.kind = true; }
        else if (*v.s == "volunteer") { out_.kind = LiveKind::Volunteer; seen_.kind = true; }
        else
            fail(RejectReason::BadValue,
                 "properties.kind is " + quotedForMessage(*v.s) + ", not \"issue\" or \"volunteer\"");
        break;
    case Prop::Status:
        if (v.type != Type::String) fail(RejectReason::WrongType, "properties.status must be a string");
        else { seen_.statusText.assign(*v.s); seen_.status = true; }
        break;
    case Prop::Category:
        setText(v, out_.category);
        seen_.category = v.type == Type::String;
        break;
    case Prop::Priority: {
        if (!v.isNumber()) { fail(RejectReason::WrongType, "properties.priority must be a number 1, 2 or 3"); break; }
        const double p = v.number();
        if (p == 1 || p == 2 || p == 3) out_.priority = int(p);
        else fail(RejectReason::BadValue, "properties.priority is " + numberText(v) + ", not 1, 2 or 3");
        break;
    }
    case Prop::ReportedAt: setTime(v, out_.reportedAt); break;
    case Prop::UpdatedAt: setTime(v, out_.updatedAt); break;
    case Prop::DueAt: setTime(v, out_.dueAt); break;
    case Prop::ResolvedAt: setTime(v, out_.resolvedAt); break;
    case Prop::GridId:
    case Prop::AssignedIssue:  // ids of other things: numbers are taken as their decimal string too
        if (!idText(v, prop_ == Prop::GridId ? out_.gridId : out_.assignedIssue))
            fail(RejectReason::WrongType, propName() + " must be a string or a number");
        break;
    case Prop::Title: setText(v, out_.title); break;
    case Prop::Team: setText(v, out_.team); break;
    case Prop::Address: setText(v, out_.address); break;
    case Prop::Other: break;
    }
}

std::optional<Rejection> MessageSax::finish(bool parsed) {
    if (!parsed) {
        // "[json.exception.parse_error.101] parse error at line 1, column 7: ..." -> from "parse error".
        const auto at = jsonError_.find("] ");
        return Rejection{RejectReason::InvalidJson,
                         "invalid JSON: " + (at == std::string::npos ? jsonError_ : jsonError_.substr(at + 2))};
    }
    if (error_) return std::move(error_);
    if (!out_.extraProperties.empty()) out_.extraProperties.push_back('}');
    return std::nullopt;
}

}  // namespace

std::optional<Rejection> parseJsonMessage(std::string_view json, LiveMessage& out, SaxFindings& seen) {
    MessageSax sax(out, seen);
    const bool parsed = Json::sax_parse(json.data(), json.data() + json.size(), &sax,
                                        Json::input_format_t::json, /*strict=*/true);
    return sax.finish(parsed);
}

}  // namespace gs
