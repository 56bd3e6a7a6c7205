#pragma once
/// @file The umbrella header: every public kosearch C++ header. Link kosearch::kosearch.
/// (The C API is separate: <kosearch/c.h>.) It lives at the top of the tree, above every module,
/// so no module's own headers include the others'.

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/analyzers/token.hpp"
#include "kosearch/core/article_fields.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/core/version.hpp"
#include "kosearch/indexer/article.hpp"
#include "kosearch/indexer/document.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/indexer/passages.hpp"
#include "kosearch/searcher/passage_reader.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "kosearch/eval/answers.hpp"
#include "kosearch/eval/batch_search.hpp"
#include "kosearch/eval/html_report.hpp"
#include "kosearch/eval/index_texts.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/queries.hpp"
#include "kosearch/eval/report.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"
