# cmake -DINPUT=file -DOUTPUT=header.hpp -DNAME=kName -P EmbedText.cmake
# Writes a header defining `inline constexpr std::string_view NAME` holding INPUT's bytes, as a
# raw string literal (the file must not contain the delimiter `)kosearch_embed"`).
file(READ "${INPUT}" _text)
string(FIND "${_text}" ")kosearch_embed\"" _clash)
if(NOT _clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains )kosearch_embed\" and cannot be embedded")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.\n#pragma once\n"
  "#include <string_view>\n"
  "namespace kosearch::web {\n"
  "inline constexpr std::string_view ${NAME} = R\"kosearch_embed(${_text})kosearch_embed\";\n"
  "}  // namespace kosearch::web\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
