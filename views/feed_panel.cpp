#include "feed_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/rfc3339.hpp"
#include "ui_theme.hpp"

namespace gs::cli {

namespace {

constexpr int kNewestEvents = 40;

ImVec4 stateColor(FeedSourceState s) {
    const UiTheme& theme = uiTheme();
    switch (s) {
        case FeedSourceState::Connected:
        case FeedSourceState::Replaying: return theme.good;
        case FeedSourceState::Connecting:
        case FeedSourceState::Reconnecting:
        case FeedSourceState::Idle:
        case FeedSourceState::Finished:
        case FeedSourceState::Stopped: return theme.waiting;
        default: return theme.bad;
    }
}

// A code's words ("feed_state.connected", "reason.bad_time"): the code itself where the table has
// none.
std::string codeText(Lang lang, std::string_view group, std::string_view code) {
    if (auto text = findText(lang, std::string(group) + "." + std::string(code))) return std::string(*text);
    return std::string(code);
}

// A source's state in words, as the engine's describeStatus() says it for the logs.
std::string describeSource(Lang lang, const FeedSourceStatus& s, SteadyTime now) {
    std::string text = codeText(lang, "feed_state", stateName(s.state));
    if (s.nextRetry) {
        const double in = std::max(0.0, std::chrono::duration<double>(*s.nextRetry - now).count());
        text += trFormat(lang, "feed.retry", s.attempt, in);
    }
    if (s.state == FeedSourceState::Connected || s.state == FeedSourceState::Replaying) {
        if (s.lastMessage && std::chrono::duration<double>(now - *s.lastMessage).count() < 2.0)
            text += trFormat(lang, "feed.rate", s.messagesPerSecond);
        else if (s.lastMessage)
            text += trFormat(lang, "feed.silent_for", s.silentFor(now, now));
        else
            text += tr(lang, "feed.no_message");
    }
    text += trFormat(lang, "feed.received_count", static_cast<unsigned long long>(s.received));
    // The transport's own error stays as it reported it (English).
    if (!s.lastError.empty() && s.state != FeedSourceState::Connected && s.state != FeedSourceState::Replaying &&
        s.state != FeedSourceState::Finished)
        text += ": " + s.lastError;
    return text;
}

// "08:15:02" in the panel's zone, or the date too when the time is not today's.
std::string clockText(std::int64_t ms, std::int64_t now, int offsetMinutes) {
    if (ms == kNoTime) return "--:--";
    const std::string full = formatRfc3339(ms, offsetMinutes);  // 2026-11-22T08:15:02+08:00
    const bool sameDay = localDayStart(ms, offsetMinutes) == localDayStart(now, offsetMinutes);
    return sameDay ? full.substr(11, 8) : full.substr(5, 5) + " " + full.substr(11, 5);
}

std::string durationText(Lang lang, std::optional<std::int64_t> ms) {
    if (!ms) return "-";
    const long long minutes = *ms / 60000;
    if (minutes < 60) return trFormat(lang, "format.whole_minutes", minutes);
    return trFormat(lang, "format.hours_minutes", minutes / 60, minutes % 60);
}

void row(const char* label, std::uint64_t value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(label);
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(value));
}

}  // namespace

void drawFeedPanel(const LiveSession& live, FeedPanelState& state, float top, float maxHeight, float uiScale) {
    state.flyTo.reset();
    const ImGuiIO& io = ImGui::GetIO();
    const float width = uiTheme().feedPanelWidth * uiScale;
    const Lang lang = state.lang;
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - width, top), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, maxHeight));
    state.width = state.height = 0;
    if (!ImGui::Begin(text("feed.title"), nullptr,
                      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_AlwaysAutoResize)) {
        state.width = width;
        state.height = ImGui::GetWindowHeight();
        ImGui::End();
        return;
    }
    const LiveStore& store = live.store();
    const std::int64_t now = live.clock();
    ImGui::Text(text("feed.clock"), formatRfc3339(now, state.utcOffsetMinutes).c_str());

    if (const LiveFeed* feed = live.feed(); feed && ImGui::CollapsingHeader(text("feed.sources"), ImGuiTreeNodeFlags_DefaultOpen)) {
        const SteadyTime steadyNow = std::chrono::steady_clock::now();
        for (const LiveFeedSourceReport& r : feed->report()) {
            ImGui::TextColored(stateColor(r.status.state), "●");
            ImGui::SameLine();
            ImGui::TextWrapped("%s", r.status.name.c_str());
            ImGui::Indent();
            ImGui::TextWrapped("%s", describeSource(lang, r.status, steadyNow).c_str());
            ImGui::TextDisabled(text("feed.source_line"), r.crs.c_str(),
                                static_cast<unsigned long long>(r.status.received), r.queue.queued,
                                static_cast<unsigned long long>(r.queue.dropped));
            ImGui::Unindent();
        }
    }

    if (ImGui::CollapsingHeader(text("feed.accounting"), ImGuiTreeNodeFlags_DefaultOpen)) {
        const FeedAccounting& acc = store.accounting();
        if (ImGui::BeginTable("acc", 2, ImGuiTableFlags_SizingStretchProp)) {
            row(text("feed.received"), acc.received);
            row(text("feed.applied"), acc.applied);
            row(text("feed.stale"), acc.stale);
            row(text("feed.duplicate"), acc.duplicate);
            row(text("feed.rejected"), acc.rejected);
            ImGui::EndTable();
        }
        if (acc.balanced()) ImGui::TextColored(uiTheme().good, "%s", text("feed.balanced"));
        else ImGui::TextColored(uiTheme().bad, "%s", text("feed.unbalanced"));
        for (int r = 0; r < kRejectReasonCount; ++r)
            if (std::uint64_t n = acc.rejectedBy[std::size_t(r)])
                ImGui::BulletText("%s: %llu", codeText(lang, "reason", reasonName(RejectReason(r))).c_str(),
                                  static_cast<unsigned long long>(n));
        const auto rejected = store.recentRejections();
        if (!rejected.empty() && ImGui::TreeNode(text("feed.last_rejected"))) {
            for (auto it = rejected.rbegin(); it != rejected.rend(); ++it) {
                ImGui::TextColored(uiTheme().rejected, "#%llu %s", static_cast<unsigned long long>(it->sequence),
                                   codeText(lang, "reason", reasonName(it->reason)).c_str());
                ImGui::TextWrapped("%s", it->detail.c_str());
                const std::string sent = it->text.substr(0, 160);
                ImGui::TextDisabled("%s%s", sent.c_str(), it->text.size() > 160 ? "…" : "");
            }
            ImGui::TreePop();
        }
    }

    if (ImGui::CollapsingHeader(text("feed.district"), ImGuiTreeNodeFlags_DefaultOpen)) {
        const GridFigures t = store.totals();
        ImGui::Text(text("feed.open_overdue"), t.open, t.overdue);
        ImGui::Text(text("feed.new_resolved"), t.newLastHour, t.resolvedToday);
        ImGui::Text(text("feed.median_response"), durationText(lang, t.medianResponseMs).c_str());
        ImGui::Text(text("feed.volunteers"), t.volunteersOnDuty + t.volunteersBusy, t.volunteersBusy);
    }

    if (ImGui::CollapsingHeader(text("feed.newest"), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled("%s", text("feed.click_to_fly"));
        const auto events = store.history().newest(kNewestEvents);
        ImGui::BeginChild("events", ImVec2(0, std::min(360.0f * uiScale, 24.0f * uiScale * float(events.size()) + 8)));
        for (size_t i = 0; i < events.size(); ++i) {
            const LiveChange& c = events[i];
            const LiveRecord& r = store.record(c.record);
            const std::string what = codeText(lang, r.kind == LiveKind::Issue ? "issue_status" : "volunteer_status",
                                              statusName(r.kind, c.after.status));
            std::string label = clockText(c.time, now, state.utcOffsetMinutes) + "  " + what;
            if (r.kind == LiveKind::Issue) label += "  " + categoryName(lang, store.category(c.record));
            else label += "  " + std::string(store.id(c.record));
            if (r.kind == LiveKind::Issue)
                if (auto m = store.details(c.record); m && !m->title.empty()) label += " — " + m->title;
            label += "##" + std::to_string(i);
            if (ImGui::Selectable(label.c_str())) state.flyTo = c.record;
        }
        ImGui::EndChild();
    }
    state.width = width;
    state.height = ImGui::GetWindowHeight();
    ImGui::End();
}

}  // namespace gs::cli
