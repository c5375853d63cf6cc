#include "feed_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/rfc3339.hpp"

namespace gs::cli {

namespace {

constexpr int kNewestEvents = 40;

ImVec4 stateColor(FeedSourceState s) {
    switch (s) {
        case FeedSourceState::Connected:
        case FeedSourceState::Replaying: return {0.45f, 0.85f, 0.45f, 1};
        case FeedSourceState::Connecting:
        case FeedSourceState::Reconnecting:
        case FeedSourceState::Idle:
        case FeedSourceState::Finished:
        case FeedSourceState::Stopped: return {0.95f, 0.8f, 0.3f, 1};
        default: return {1.0f, 0.4f, 0.35f, 1};
    }
}

// "08:15:02" in the panel's zone, or the date too when the time is not today's.
std::string clockText(std::int64_t ms, std::int64_t now, int offsetMinutes) {
    if (ms == kNoTime) return "--:--";
    const std::string full = formatRfc3339(ms, offsetMinutes);  // 2026-11-22T08:15:02+08:00
    const bool sameDay = localDayStart(ms, offsetMinutes) == localDayStart(now, offsetMinutes);
    return sameDay ? full.substr(11, 8) : full.substr(5, 5) + " " + full.substr(11, 5);
}

std::string durationText(std::optional<std::int64_t> ms) {
    if (!ms) return "-";
    const std::int64_t minutes = *ms / 60000;
    if (minutes < 60) return std::to_string(minutes) + " min";
    return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
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
    const float width = 380 * uiScale;
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - width, top), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, maxHeight));
    state.width = state.height = 0;
    if (!ImGui::Begin("实时 Live feed", nullptr,
                      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_AlwaysAutoResize)) {
        state.width = width;
        state.height = ImGui::GetWindowHeight();
        ImGui::End();
        return;
    }
    const LiveStore& store = live.store();
    const std::int64_t now = live.clock();
    ImGui::Text("时钟 Clock  %s", formatRfc3339(now, state.utcOffsetMinutes).c_str());

    if (const LiveFeed* feed = live.feed(); feed && ImGui::CollapsingHeader("数据源 Sources", ImGuiTreeNodeFlags_DefaultOpen)) {
        const SteadyTime steadyNow = std::chrono::steady_clock::now();
        for (const LiveFeedSourceReport& r : feed->report()) {
            ImGui::TextColored(stateColor(r.status.state), "●");
            ImGui::SameLine();
            ImGui::TextWrapped("%s", r.status.name.c_str());
            ImGui::Indent();
            ImGui::TextWrapped("%s", describeStatus(r.status, steadyNow).c_str());
            ImGui::TextDisabled("%s · %llu received · queued %zu · dropped %llu", r.crs.c_str(),
                                static_cast<unsigned long long>(r.status.received), r.queue.queued,
                                static_cast<unsigned long long>(r.queue.dropped));
            ImGui::Unindent();
        }
    }

    if (ImGui::CollapsingHeader("账目 Accounting", ImGuiTreeNodeFlags_DefaultOpen)) {
        const FeedAccounting& acc = store.accounting();
        if (ImGui::BeginTable("acc", 2, ImGuiTableFlags_SizingStretchProp)) {
            row("收到 received", acc.received);
            row("应用 applied", acc.applied);
            row("过期 stale", acc.stale);
            row("重复 duplicate", acc.duplicate);
            row("拒收 rejected", acc.rejected);
            ImGui::EndTable();
        }
        if (acc.balanced()) ImGui::TextColored({0.45f, 0.85f, 0.45f, 1}, "received = applied + stale + duplicate + rejected");
        else ImGui::TextColored({1.0f, 0.4f, 0.35f, 1}, "UNBALANCED: a message is unaccounted for");
        for (int r = 0; r < kRejectReasonCount; ++r)
            if (std::uint64_t n = acc.rejectedBy[std::size_t(r)])
                ImGui::BulletText("%s: %llu", std::string(reasonName(RejectReason(r))).c_str(),
                                  static_cast<unsigned long long>(n));
        const auto rejected = store.recentRejections();
        if (!rejected.empty() && ImGui::TreeNode("最近拒收 Last rejected")) {
            for (auto it = rejected.rbegin(); it != rejected.rend(); ++it) {
                ImGui::TextColored({1.0f, 0.55f, 0.45f, 1}, "#%llu %s", static_cast<unsigned long long>(it->sequence),
                                   std::string(reasonName(it->reason)).c_str());
                ImGui::TextWrapped("%s", it->detail.c_str());
                std::string text = it->text.substr(0, 160);
                ImGui::TextDisabled("%s%s", text.c_str(), it->text.size() > 160 ? "…" : "");
            }
            ImGui::TreePop();
        }
    }

    if (ImGui::CollapsingHeader("全区 District", ImGuiTreeNodeFlags_DefaultOpen)) {
        const GridFigures t = store.totals();
        ImGui::Text("在办 open %d · 超时 overdue %d", t.open, t.overdue);
        ImGui::Text("近1小时新增 new (1 h) %d · 今日办结 resolved today %d", t.newLastHour, t.resolvedToday);
        ImGui::Text("响应中位数 median response %s", durationText(t.medianResponseMs).c_str());
        ImGui::Text("志愿者在岗 volunteers on duty %d (busy %d)", t.volunteersOnDuty + t.volunteersBusy, t.volunteersBusy);
    }

    if (ImGui::CollapsingHeader("最新事件 Newest events", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled("click to fly there");
        const auto events = store.history().newest(kNewestEvents);
        ImGui::BeginChild("events", ImVec2(0, std::min(360.0f * uiScale, 24.0f * uiScale * float(events.size()) + 8)));
        for (size_t i = 0; i < events.size(); ++i) {
            const LiveChange& c = events[i];
            const LiveRecord& r = store.record(c.record);
            std::string what(statusName(r.kind, c.after.status));
            std::string label = clockText(c.time, now, state.utcOffsetMinutes) + "  " + what;
            if (r.kind == LiveKind::Issue) label += "  " + std::string(store.category(c.record));
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
