// A public wall's privacy, end to end: the public and the analyst's 1920x1080 layouts of the render
// tests, drawn headless at their fixed clock (an urgent issue's alert card showing), and every string
// the panels drew checked against every issue title, address and id and every volunteer's name in
// the recording. The analyst's wall must show titles (so the check can see them); the public one
// none, its model none, and its small per-grid counts only as "<k".
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "render/offscreen_target.hpp"
#include "wall_session.hpp"

namespace gs {
namespace {

const std::string kSource = GRIDSCOPE_SOURCE_DIR;

struct Drawn {
    std::string error;                 // empty when drawn
    std::vector<std::string> strings;  // canvas().strings() of the first frame
    WallModel model;
    int minCount = 0;
    bool isPublic = false;
    std::map<int, GridFigures> trueFigures;  // the store's figures of each grid in model.mostOverdue
};

Drawn drawWall(const std::string& layoutPath) {
    Drawn d;
    auto layout = loadWallLayout(layoutPath);
    if (!layout) return d.error = layout.error().message, d;
    d.minCount = layout->minCount;
    d.isPublic = layout->isPublic;
    // Half size: the strings do not depend on the scale, the drawing time does.
    auto offscreen = OffscreenTarget::create(layout->width / 2, layout->height / 2);
    if (!offscreen) return d.error = "GL: " + offscreen.error().message, d;
    cli::WallSessionOptions options;
    options.fixedClock = true;
    options.fullDetail = false;
    options.scale = 0.5f;
    {
        auto session = cli::WallSession::create(*layout, options);
        if (!session) return d.error = session.error().message, d;
        (*offscreen)->bind();
        auto frame = (*session)->render(true);
        if (!frame) return d.error = frame.error().message, d;
        d.strings = (*session)->canvas().strings();
        d.model = (*session)->model();
        if (const LiveStore* store = (*session)->store(); store && store->levelCount() > 0)
            for (const auto& r : d.model.mostOverdue)  // the ranking is of the finest level
                d.trueFigures[r.grid] = store->figures(store->levelCount() - 1, r.grid);
    }  // the session's GL objects go before the context
    return d;
}

// Everything in the recording that a public wall must never show.
struct Secrets {
    std::set<std::string> titles, addresses, issueIds, names;
};

Secrets readSecrets() {
    Secrets s;
    std::ifstream in(kSource + "/data/feed/demo.ndjson");
    std::string line;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.contains("properties")) continue;
        const auto& p = j["properties"];
        const std::string kind = p.value("kind", "");
        const std::string title = p.value("title", ""), address = p.value("address", "");
        if (kind == "issue") {
            if (!title.empty()) s.titles.insert(title);
            if (!address.empty()) s.addresses.insert(address);
            if (j.contains("id") && j["id"].is_string()) s.issueIds.insert(j["id"].get<std::string>());
        } else if (kind == "volunteer" && !title.empty()) {
            s.names.insert(title);  // volunteers' titles are people's names
        }
    }
    return s;
}

// The drawn strings that contain any of `needles`, as "string ⊃ needle" lines.
std::vector<std::string> leaks(const std::vector<std::string>& drawn, const std::set<std::string>& needles) {
    std::vector<std::string> out;
    for (const auto& s : drawn)
        for (const auto& n : needles)
            if (s.find(n) != std::string::npos) out.push_back("\"" + s + "\" contains \"" + n + "\"");
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += s + "\n";
    return out;
}

class WallPublic : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        secrets_ = new Secrets(readSecrets());
        public_ = new Drawn(drawWall(kSource + "/tests/render/wall-public-1920x1080/layout.json"));
        analyst_ = new Drawn(drawWall(kSource + "/tests/render/wall-1920x1080/layout.json"));
    }
    static void TearDownTestSuite() {
        delete secrets_, delete public_, delete analyst_;
        secrets_ = nullptr, public_ = nullptr, analyst_ = nullptr;
    }
    void SetUp() override {
        ASSERT_EQ(public_->error, "");
        ASSERT_EQ(analyst_->error, "");
    }
    static Secrets* secrets_;
    static Drawn* public_;
    static Drawn* analyst_;
};
Secrets* WallPublic::secrets_ = nullptr;
Drawn* WallPublic::public_ = nullptr;
Drawn* WallPublic::analyst_ = nullptr;

TEST_F(WallPublic, RecordingHasSecretsToLeak) {
    // The needles themselves: the recording has titles, addresses, ids and names to look for.
    EXPECT_EQ(secrets_->titles.size(), 46u);
    EXPECT_EQ(secrets_->addresses.size(), 161u);
    EXPECT_EQ(secrets_->issueIds.size(), 168u);
    EXPECT_EQ(secrets_->names.size(), 20u);
    EXPECT_TRUE(secrets_->titles.count("大件垃圾 · Bulky Items"));
    EXPECT_TRUE(secrets_->names.count("李建华"));
}

TEST_F(WallPublic, LayoutsAreTheRightOnes) {
    EXPECT_TRUE(public_->isPublic);
    EXPECT_FALSE(analyst_->isPublic);
    EXPECT_EQ(public_->minCount, 5);
    // Both drew the same clock: 2015-12-21T16:03:10-08:00.
    EXPECT_EQ(public_->model.clock, analyst_->model.clock);
    EXPECT_NE(std::find(public_->strings.begin(), public_->strings.end(), "16:03:10"), public_->strings.end())
        << joined(public_->strings);
}

TEST_F(WallPublic, AnalystWallShowsTitles) {
    // The check below can see a title when one is drawn: the analyst's ticker and alert card draw them.
    EXPECT_FALSE(leaks(analyst_->strings, secrets_->titles).empty()) << joined(analyst_->strings);
}

TEST_F(WallPublic, PublicWallShowsNoTitleAddressIdOrName) {
    ASSERT_GT(public_->strings.size(), 20u);
    EXPECT_EQ(joined(leaks(public_->strings, secrets_->titles)), "");
    EXPECT_EQ(joined(leaks(public_->strings, secrets_->addresses)), "");
    EXPECT_EQ(joined(leaks(public_->strings, secrets_->issueIds)), "");
    EXPECT_EQ(joined(leaks(public_->strings, secrets_->names)), "");
}

// The two lines under the alert card's header "紧急事件" (what, where), or {} without a card.
std::vector<std::string> alertLines(const std::vector<std::string>& strings) {
    auto it = std::find(strings.begin(), strings.end(), "紧急事件");
    if (it == strings.end() || strings.end() - it < 3) return {};
    return {*(it + 1), *(it + 2)};
}

TEST_F(WallPublic, PublicWallShowsTheAlertAsCategoryAndGrid) {
    // The urgent issue of 15:57 has its card up on both walls: the analyst's names the issue...
    const auto analyst = alertLines(analyst_->strings);
    ASSERT_EQ(analyst.size(), 2u) << joined(analyst_->strings);
    EXPECT_EQ(analyst[0], "公房报修（特急） · SFHA Priority - Emergency");
    EXPECT_TRUE(secrets_->titles.count(analyst[0]));
    EXPECT_EQ(analyst[1], "网格 0123.01 · 设施维修");
    // ...the public one says only what kind of issue, in which grid.
    const auto shown = alertLines(public_->strings);
    ASSERT_EQ(shown.size(), 2u) << joined(public_->strings);
    // (Which place it names, the grid or a coarser one, is the model's to decide: not checked here.)
    EXPECT_EQ(shown[0], "设施维修");
    const std::string tail = " · 设施维修";
    EXPECT_TRUE(shown[1].size() > tail.size() && shown[1].compare(shown[1].size() - tail.size(), tail.size(), tail) == 0)
        << shown[1];
}

TEST_F(WallPublic, PublicTickerShowsStatusesNotTitles) {
    // Ticker rows are time, grid, category, then the title (analyst) or the status (public).
    auto row = [](const std::vector<std::string>& strings) -> std::vector<std::string> {
        auto it = std::find(strings.begin(), strings.end(), "最新事件");
        if (it == strings.end() || strings.end() - it < 5) return {};
        return {it + 1, it + 5};
    };
    EXPECT_EQ(row(analyst_->strings),
              (std::vector<std::string>{"15:57", "网格 0123.01", "设施维修", "公房报修（特急） · SFHA Priority - Emergency"}));
    auto shown = row(public_->strings);
    ASSERT_EQ(shown.size(), 4u) << joined(public_->strings);
    shown[1] = "(place)";  // the grid or a coarser place: the model's to decide
    EXPECT_EQ(shown, (std::vector<std::string>{"15:57", "(place)", "设施维修", "已上报"}));
}

TEST_F(WallPublic, PublicModelHoldsNoDetail) {
    const WallModel& m = public_->model;
    ASSERT_FALSE(m.ticker.empty());
    for (const auto& e : m.ticker) {
        EXPECT_EQ(e.title, "");
        EXPECT_EQ(e.issueId, "");
        EXPECT_FALSE(e.point.has_value());
    }
    // The analyst's model of the same instant has them (the ticker is the same events).
    ASSERT_EQ(analyst_->model.ticker.size(), m.ticker.size());
    EXPECT_NE(analyst_->model.ticker[0].title, "");
    EXPECT_NE(analyst_->model.ticker[0].issueId, "");
    EXPECT_TRUE(analyst_->model.ticker[0].point.has_value());
}

TEST_F(WallPublic, SmallGridCountsAreSuppressed) {
    const int k = public_->minCount;
    int suppressed = 0;
    ASSERT_FALSE(public_->model.mostOverdue.empty());
    for (const auto& r : public_->model.mostOverdue) {
        SCOPED_TRACE(r.gridId);
        auto truth = public_->trueFigures.find(r.grid);
        ASSERT_NE(truth, public_->trueFigures.end());
        const std::pair<const GridCount*, int> counts[] = {{&r.overdue, truth->second.overdue},
                                                           {&r.open, truth->second.open}};
        for (const auto& [c, actual] : counts) {
            // Suppressed exactly when the store's count is 1..k-1, and then the value is 0.
            EXPECT_EQ(c->suppressed, actual > 0 && actual < k) << actual;
            EXPECT_EQ(c->value, c->suppressed ? 0 : actual);
        }
        suppressed += r.overdue.suppressed;
    }
    EXPECT_GT(suppressed, 0) << "no small count to suppress at this clock: the check would prove nothing";
    // The analyst's wall shows the true counts.
    for (const auto& r : analyst_->model.mostOverdue) {
        EXPECT_FALSE(r.overdue.suppressed);
        EXPECT_GT(r.overdue.value, 0);
    }
    // The ranking draws a suppressed count as "<5 件"; the analyst's wall never does.
    const std::string small = "<" + std::to_string(k) + " 件";
    EXPECT_NE(std::find(public_->strings.begin(), public_->strings.end(), small), public_->strings.end())
        << joined(public_->strings);
    EXPECT_EQ(std::find(analyst_->strings.begin(), analyst_->strings.end(), small), analyst_->strings.end());
}

// The map's live overlay mode (forced to per-grid counts on a public wall) is not reachable through
// WallSession's public API: its LiveOverlayConfig and renderer are private.

}  // namespace
}  // namespace gs
