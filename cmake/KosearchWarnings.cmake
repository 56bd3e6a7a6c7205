# kosearch_target_warnings(<target>): our warning flags, applied to our own targets only.
function(kosearch_target_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
      -Woverloaded-virtual -Wimplicit-fallthrough>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>)
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
