// The live store: the latest state of every issue and volunteer, built from the feed's messages by
// the contract's upsert rules (docs/live-feed.md), with the per-grid figures, the drawn set and the
// history that the views read. Single-threaded: the GL thread drains the FeedQueue into it once a
// frame. The store never reads the wall clock; the caller passes `now` to setClock().
//
// Upsert by (kind, id), ordering the messages of one id by (updated_at, status along its
// lifecycle, message text): a later one is applied; an earlier one is stale; the same text is a
// duplicate. A message without geometry keeps the position of the latest message that had one,
// even when that message arrives late (it is still counted stale), so that the final state is the
// same for any arrival order of the same accepted messages.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "live/store/draw_set.hpp"
#include "live/store/grid_assigner.hpp"
#include "live/store/live_figures.hpp"
#include "live/store/live_history.hpp"
#include "live/store/live_record.hpp"
#include "live/feed/message.hpp"
#include "live/store/string_pool.hpp"

namespace gs {

struct StoreOptions {
    ParseOptions parse;
    int utcOffsetMinutes = 8 * 60;                    // where "today" starts: +08:00
    std::int64_t historyRetentionMs = kMillisPerDay;  // how far back stateAt() and changesBetween() reach
    std::size_t keptRejections = 20;                  // the last N rejected messages, for inspection
    std::size_t keptRejectionBytes = 4096;            // of each rejected message's text
};

enum class IngestOutcome : std::uint8_t { Applied, Stale, Duplicate, Rejected };

// received = applied + stale + duplicate + rejected, always; rejected = the sum of rejectedBy.
struct FeedAccounting {
    std::uint64_t received = 0, applied = 0, stale = 0, duplicate = 0, rejected = 0;
    std::array<std::uint64_t, kRejectReasonCount> rejectedBy{};
    std::uint64_t rejectedFor(RejectReason r) const { return rejectedBy[std::size_t(r)]; }
    bool balanced() const;
};

struct RejectedMessage {
    std::uint64_t sequence = 0;  // accounting.received when it came
    RejectReason reason = RejectReason::InvalidJson;
    std::string detail;
    std::string text;            // the message, cut to StoreOptions::keptRejectionBytes
};

class LiveStore {
public:
    static constexpr std::uint32_t kNone = StringPool::kNone;

    // `assigner` (may be null: no grids) must outlive the store.
    explicit LiveStore(StoreOptions options = {}, const GridAssigner* assigner = nullptr);
    LiveStore(const LiveStore&) = delete;
    LiveStore& operator=(const LiveStore&) = delete;

    // Feeding. Each call accounts for exactly one message.
    IngestOutcome ingest(std::string_view bytes);                       // parse + upsert
    IngestOutcome apply(const LiveMessage& message, std::string_view text);  // already parsed
    // A message the caller parsed itself and found bad (e.g. with a feed source's own ParseOptions,
    // engine/live/live_feed.hpp): received and rejected with that reason.
    IngestOutcome ingestRejected(const Rejection& rejection, std::string_view bytes);
    // Messages the FeedQueue dropped: received and rejected as queue_overflow.
    void countQueueOverflow(std::uint64_t dropped);
    // A frame's batch from the queue, with the queue's drop count.
    void ingestBatch(std::span<const std::string> messages, std::uint64_t droppedByQueue = 0);

    // Moves the clock of the time-dependent figures and prunes the history.
    void setClock(std::int64_t nowMs);
    // New grid geometry (a boundary file changed on disk): every record is assigned again with
    // `assigner` and the figures rebuilt from the records; the records, their history and the
    // accounting stay. The assigner must outlive the store, as with the constructor's.
    void regrid(const GridAssigner* assigner);
    std::optional<std::int64_t> clock() const { return figures_.clock(); }

    // The drawn set's changes since the last call, for patching GPU buffers.
    void takeChanges(DrawChanges& out) { draw_.take(out); }
    DrawChanges takeChanges();
    std::uint32_t drawnCount() const { return draw_.count(); }
    std::uint32_t drawnRecord(std::uint32_t slot) const { return draw_.recordAt(slot); }

    // Records (dense indices 0..size-1, stable for the store's life).
    std::size_t size() const { return records_.size(); }
    std::uint32_t find(LiveKind kind, std::string_view id) const;
    const LiveRecord& record(std::uint32_t rec) const { return records_[rec]; }
    std::string_view id(std::uint32_t rec) const { return ids_.view(rec).substr(1); }
    std::string_view text(std::uint32_t rec) const { return texts_[rec]; }  // the message shown
    std::string_view category(std::uint32_t rec) const { return categories_.view(records_[rec].category); }
    std::string_view senderGridId(std::uint32_t rec) const;
    std::int32_t grid(std::uint32_t rec, int level) const { return grids_[std::size_t(rec) * levels_ + size_t(level)]; }
    // Every field of the message shown (title, address, other properties ...), parsed again.
    Result<LiveMessage> details(std::uint32_t rec) const;

    // Figures as of the last setClock().
    int levelCount() const { return int(levels_); }
    int gridCount(int level) const { return figures_.gridCount(level); }
    GridFigures figures(int level, int grid) const { return figures_.figures(level, grid); }
    GridFigures totals() const { return figures_.totals(); }

    // History.
    struct RecordState {
        std::uint32_t record;
        LiveState state;
    };
    // Every record that existed at t, with its state then; an error before the history's horizon.
    Result<std::vector<RecordState>> stateAt(std::int64_t t) const;
    std::vector<LiveChange> changesBetween(std::int64_t t0, std::int64_t t1) const {
        return history_.changesBetween(t0, t1);
    }
    const LiveHistory& history() const { return history_; }
    LiveState currentState(std::uint32_t rec) const;

    // Accounting and inspection.
    const FeedAccounting& accounting() const { return accounting_; }
    std::vector<RejectedMessage> recentRejections() const;  // oldest first
    std::size_t memoryBytes() const;                         // approximate, for diagnostics

private:
    // The message that set a record's point when that is not the message shown.
    struct PointSource {
        std::int64_t updatedAt;
        std::uint8_t status;
        std::string text;
    };

    IngestOutcome upsert(const LiveMessage& m, std::string_view text);
    void reject(RejectReason reason, std::string_view detail, std::string_view bytes);
    void writeFields(LiveRecord& r, const LiveMessage& m);
    void assignGrids(std::uint32_t rec);
    std::span<std::int32_t> gridsOf(std::uint32_t rec) {
        return {grids_.data() + std::size_t(rec) * levels_, levels_};
    }
    void commit(std::uint32_t rec, std::int64_t time, const LiveState& before);

    StoreOptions options_;
    const GridAssigner* assigner_;
    std::size_t levels_;
    StringPool ids_;         // kind letter + id; index = record index
    StringPool categories_;
    StringPool gridIds_;
    std::vector<LiveRecord> records_;
    std::vector<std::string> texts_;       // per record, the text of the message shown
    std::vector<std::int32_t> grids_;      // per record, one grid per level
    std::unordered_map<std::uint32_t, PointSource> pointSources_;
    LiveFigures figures_;
    DrawSet draw_;
    LiveHistory history_;
    FeedAccounting accounting_;
    std::vector<RejectedMessage> rejections_;  // ring of keptRejections
    std::size_t rejectionNext_ = 0;
    LiveMessage scratch_;     // reused by ingest(): no allocation per message once warm
    std::string keyScratch_;
};

}  // namespace gs
