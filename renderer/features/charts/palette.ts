// Series and channel colours that read well on the dark background.
export const PALETTE = ['#4aa3ff', '#3ccf8e', '#f5b84a', '#b48cff', '#ff7eb6', '#2dd4bf', '#ff8a4c', '#a3e635'];
