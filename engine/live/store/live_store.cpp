#include "live/store/live_store.hpp"

#include <cassert>
#include <limits>

namespace gs {
namespace {

char kindLetter(LiveKind kind) { return kind == LiveKind::Issue ? 'i' : 'v'; }

// The contract's order of one id's messages: updated_at, then status along the lifecycle, then the
// message text. 0 only for the same text.
int compareVersions(std::int64_t t1, std::uint8_t s1, std::string_view text1, std::int64_t t2, std::uint8_t s2,
                    std::string_view text2) {
    if (t1 != t2) return t1 < t2 ? -1 : 1;
    if (s1 != s2) return s1 < s2 ? -1 : 1;
    const int c = text1.compare(text2);
    return (c > 0) - (c < 0);
}

std::vector<int> gridCountsOf(const GridAssigner* assigner) {
    std::vector<int> counts;
    if (assigner)
        for (int l = 0; l < assigner->levelCount(); ++l) counts.push_back(assigner->gridCount(l));
    return counts;
}

}  // namespace

bool FeedAccounting::balanced() const {
    std::uint64_t sum = 0;
    for (auto n : rejectedBy) sum += n;
    return received == applied + stale + duplicate + rejected && sum == rejected;
}

LiveStore::LiveStore(StoreOptions options, const GridAssigner* assigner)
    : options_(std::move(options)),
      assigner_(assigner),
      levels_(assigner ? std::size_t(assigner->levelCount()) : 0),
      figures_(gridCountsOf(assigner), options_.utcOffsetMinutes),
      history_(options_.historyRetentionMs) {
    rejections_.reserve(options_.keptRejections);
}

IngestOutcome LiveStore::ingest(std::string_view bytes) {
    ++accounting_.received;
    if (auto rejection = parseMessageInto(bytes, options_.parse, scratch_)) {
        reject(rejection->reason, rejection->detail, bytes);
        return IngestOutcome::Rejected;
    }
    return upsert(scratch_, messageText(bytes));
}

IngestOutcome LiveStore::apply(const LiveMessage& message, std::string_view text) {
    ++accounting_.received;
    return upsert(message, messageText(text));
}

IngestOutcome LiveStore::ingestRejected(const Rejection& rejection, std::string_view bytes) {
    ++accounting_.received;
    reject(rejection.reason, rejection.detail, bytes);
    return IngestOutcome::Rejected;
}

void LiveStore::ingestBatch(std::span<const std::string> messages, std::uint64_t droppedByQueue) {
    countQueueOverflow(droppedByQueue);
    for (const std::string& m : messages) ingest(m);
}

void LiveStore::countQueueOverflow(std::uint64_t dropped) {
    if (dropped == 0) return;
    // All of them received and rejected; reject() counts the last one and keeps one inspection
    // entry for the whole run of drops (the dropped bytes themselves are gone).
    accounting_.received += dropped;
    accounting_.rejected += dropped - 1;
    accounting_.rejectedBy[std::size_t(RejectReason::QueueOverflow)] += dropped - 1;
    reject(RejectReason::QueueOverflow,
           std::to_string(dropped) + " message(s) dropped: the feed queue was full (drop-oldest policy)", {});
}

void LiveStore::reject(RejectReason reason, std::string_view detail, std::string_view bytes) {
    ++accounting_.rejected;
    ++accounting_.rejectedBy[std::size_t(reason)];
    if (options_.keptRejections == 0) return;
    if (rejections_.size() < options_.keptRejections) rejections_.emplace_back();
    RejectedMessage& kept = rejections_[rejectionNext_];
    rejectionNext_ = (rejectionNext_ + 1) % options_.keptRejections;
    kept.sequence = accounting_.received;
    kept.reason = reason;
    kept.detail.assign(detail);
    std::size_t cut = std::min(bytes.size(), options_.keptRejectionBytes);
    // Do not split a UTF-8 character (harmless if the bytes are not UTF-8 at all).
    if (cut < bytes.size())
        while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80) --cut;
    kept.text.assign(bytes.substr(0, cut));
}

std::vector<RejectedMessage> LiveStore::recentRejections() const {
    std::vector<RejectedMessage> out;
    out.reserve(rejections_.size());
    const std::size_t start = rejections_.size() < options_.keptRejections ? 0 : rejectionNext_;
    for (std::size_t i = 0; i < rejections_.size(); ++i) out.push_back(rejections_[(start + i) % rejections_.size()]);
    return out;
}

std::uint32_t LiveStore::find(LiveKind kind, std::string_view id) const {
    std::string key;
    key.reserve(id.size() + 1);
    key.push_back(kindLetter(kind));
    key.append(id);
    return ids_.find(key);
}

std::string_view LiveStore::senderGridId(std::uint32_t rec) const {
    const std::uint32_t g = records_[rec].gridId;
    return g == kNone ? std::string_view() : gridIds_.view(g);
}

LiveState LiveStore::currentState(std::uint32_t rec) const {
    const LiveRecord& r = records_[rec];
    LiveState s;
    s.point = r.point;
    s.grid = levels_ ? grid(rec, int(levels_) - 1) : -1;
    s.status = r.status;
    s.priority = r.priority;
    s.exists = true;
    return s;
}

void LiveStore::writeFields(LiveRecord& r, const LiveMessage& m) {
    r.updatedAt = m.updatedAt;
    r.reportedAt = m.reportedAt;
    r.dueAt = m.dueAt;
    r.resolvedAt = m.resolvedAt;
    r.kind = m.kind;
    r.status = m.status;
    r.priority = std::uint8_t(m.priority);
    r.category = categories_.intern(m.category);
    r.gridId = m.gridId.empty() ? kNone : gridIds_.intern(m.gridId);
}

void LiveStore::assignGrids(std::uint32_t rec) {
    if (!assigner_ || levels_ == 0) return;
    assigner_->assign(records_[rec].point, senderGridId(rec), gridsOf(rec));
}

void LiveStore::commit(std::uint32_t rec, std::int64_t time, const LiveState& before) {
    LiveRecord& r = records_[rec];
    figures_.add(rec, r, gridsOf(rec));
    draw_.update(rec, isDrawn(r));
    history_.record({time, rec, before, currentState(rec)});
}

IngestOutcome LiveStore::upsert(const LiveMessage& m, std::string_view text) {
    keyScratch_.clear();
    keyScratch_.push_back(kindLetter(m.kind));
    keyScratch_.append(m.id);
    std::uint32_t rec = ids_.find(keyScratch_);

    if (rec == kNone) {
        if (!m.point) {
            reject(RejectReason::NoGeometryForNewId,
                   std::string(kindName(m.kind)) + " " + m.id + " is new and has no geometry", text);
            return IngestOutcome::Rejected;
        }
        rec = ids_.intern(keyScratch_);
        assert(rec == records_.size());
        records_.emplace_back();
        texts_.emplace_back(text);
        grids_.resize(grids_.size() + levels_, -1);
        draw_.resize(records_.size());
        LiveRecord& r = records_[rec];
        writeFields(r, m);
        r.point = *m.point;
        r.pointFromWinner = true;
        assignGrids(rec);
        commit(rec, m.updatedAt, LiveState{});
        ++accounting_.applied;
        return IngestOutcome::Applied;
    }

    LiveRecord& r = records_[rec];
    const int order = compareVersions(m.updatedAt, m.status, text, r.updatedAt, r.status, texts_[rec]);
    if (order == 0) {
        ++accounting_.duplicate;
        return IngestOutcome::Duplicate;
    }
    if (order < 0) {
        ++accounting_.stale;
        // A late message still carries the newest known position when the message shown has none.
        if (m.point && !r.pointFromWinner) {
            PointSource& source = pointSources_.at(rec);
            if (compareVersions(m.updatedAt, m.status, text, source.updatedAt, source.status, source.text) > 0) {
                const LiveState before = currentState(rec);
                figures_.remove(rec, r, gridsOf(rec));
                source.updatedAt = m.updatedAt;
                source.status = m.status;
                source.text.assign(text);
                const bool moved = r.point != *m.point;
                r.point = *m.point;
                if (moved) assignGrids(rec);
                commit(rec, r.updatedAt, before);  // attributed to the version shown: history stays ordered
            }
        }
        return IngestOutcome::Stale;
    }

    const LiveState before = currentState(rec);
    figures_.remove(rec, r, gridsOf(rec));
    bool regrid = false;
    if (m.point) {
        regrid = r.point != *m.point;
        r.point = *m.point;
        if (!r.pointFromWinner) pointSources_.erase(rec);
        r.pointFromWinner = true;
    } else if (r.pointFromWinner) {
        // The point stays, and now belongs to the message being replaced: keep what orders it.
        pointSources_[rec] = PointSource{r.updatedAt, r.status, std::move(texts_[rec])};
        texts_[rec] = std::string();
        r.pointFromWinner = false;
    }
    const std::uint32_t oldGridId = r.gridId;
    writeFields(r, m);
    texts_[rec].assign(text);
    if (regrid || r.gridId != oldGridId) assignGrids(rec);
    commit(rec, m.updatedAt, before);
    ++accounting_.applied;
    return IngestOutcome::Applied;
}

void LiveStore::regrid(const GridAssigner* assigner) {
    const std::optional<std::int64_t> clock = figures_.clock();
    assigner_ = assigner;
    levels_ = assigner ? std::size_t(assigner->levelCount()) : 0;
    figures_ = LiveFigures(gridCountsOf(assigner), options_.utcOffsetMinutes);
    grids_.assign(records_.size() * levels_, -1);
    for (std::uint32_t rec = 0; rec < records_.size(); ++rec) {
        LiveRecord& r = records_[rec];
        r.figureBits = 0;  // membership of the old figures' counters
        ++r.version;       // their lazy entries are void
        assignGrids(rec);
        figures_.add(rec, r, gridsOf(rec));
    }
    if (clock) figures_.setClock(*clock, records_, grids_);
}

void LiveStore::setClock(std::int64_t nowMs) {
    figures_.setClock(nowMs, records_, grids_);
    history_.prune(nowMs);
}

DrawChanges LiveStore::takeChanges() {
    DrawChanges changes;
    draw_.take(changes);
    return changes;
}

Result<LiveMessage> LiveStore::details(std::uint32_t rec) const {
    // Any range: a source in another CRS sent this text, and its point was converted on the way in.
    ParseOptions parse = options_.parse;
    const double inf = std::numeric_limits<double>::infinity();
    parse.validRange = Box{-inf, -inf, inf, inf};
    ParseResult parsed = parseMessage(texts_[rec], parse);
    if (auto* rejection = std::get_if<Rejection>(&parsed))  // cannot happen for a text that was applied
        return Error{"live store: " + std::string(id(rec)) + ": " + rejection->detail};
    LiveMessage m = std::move(std::get<LiveMessage>(parsed));
    m.point = records_[rec].point;
    return m;
}

Result<std::vector<LiveStore::RecordState>> LiveStore::stateAt(std::int64_t t) const {
    std::vector<LiveState> states(records_.size());
    for (std::uint32_t rec = 0; rec < records_.size(); ++rec) states[rec] = currentState(rec);
    if (Status s = history_.rewind(t, states); !s) return s.error();
    std::vector<RecordState> out;
    for (std::uint32_t rec = 0; rec < states.size(); ++rec)
        if (states[rec].exists) out.push_back({rec, states[rec]});
    return out;
}

std::size_t LiveStore::memoryBytes() const {
    std::size_t bytes = records_.capacity() * sizeof(LiveRecord) + grids_.capacity() * sizeof(std::int32_t) +
                        texts_.capacity() * sizeof(std::string) + ids_.memoryBytes() +
                        categories_.memoryBytes() + gridIds_.memoryBytes() +
                        history_.size() * sizeof(LiveChange) + records_.capacity() * 2 * sizeof(std::uint32_t);
    for (const std::string& t : texts_)
        if (t.capacity() > 15) bytes += t.capacity() + 1;
    for (const auto& [rec, source] : pointSources_) bytes += sizeof(source) + source.text.capacity() + 32;
    return bytes;
}

}  // namespace gs
