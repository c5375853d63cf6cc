// The commands `gridscope` runs, and how they report: one line per problem on stderr.
#pragma once

#include "cli_options.hpp"
#include "core/result.hpp"
#include "scene/loader.hpp"

namespace gs::cli {

int runRender(const Options& options);
int runInfo(const Options& options);
int runWindow(const Options& options);
int runWall(const Options& options);
int runWallRender(const Options& options);
// `gridscope feed from-csv|check|publish`.
int runFromCsv(const Options& options);
int runFeedCheck(const Options& options);
int runFeedPublish(const Options& options);
// `gridscope history`: the analyst's history, figures and exports, headless.
int runHistory(const Options& options);
// `gridscope density`: points to a kernel density GeoTIFF.
int runDensity(const Options& options);
// "mqtt://HOST:PORT: unreachable for 3 s (4 attempts; last: connection refused ...)" from a
// connection's last error ("mqtt://HOST:PORT: connection refused ...").
std::string unreachableMessage(const std::string& url, const std::string& lastError, double seconds, int attempts);

// Exit code 2: a bad source, config or option. Exit code 1: the machine could not do it.
int reportBad(const Error& error);
int reportFailure(const Error& error);
// One line per layer that skipped features, with the first reasons.
void reportSkipped(const LoadedScene& scene);

}  // namespace gs::cli
