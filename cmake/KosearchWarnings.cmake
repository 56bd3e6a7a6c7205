# kosearch_target_warnings(<target>): our warning flags, applied to our own targets only.
function(kosearch_target_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
      -Woverloaded-virtual -Wimplicit-fallthrough>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>)
  # GCC 12 reports false -Wrestrict errors inside libstdc++'s std::string at -O3 (GCC bug
  # 105329); they break Release builds with -Werror, so that one warning is off for GCC.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
  endif()
  if(KOSEARCH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(KOSEARCH_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${KOSEARCH_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${KOSEARCH_SANITIZE})
  endif()
  if(KOSEARCH_FUZZ)
    # Coverage instrumentation for libFuzzer plus ASan/UBSan; the fuzz targets add -fsanitize=fuzzer.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                             -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
  endif()
endfunction()
